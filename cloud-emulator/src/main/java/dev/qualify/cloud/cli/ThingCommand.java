package dev.qualify.cloud.cli;

import dev.qualify.cloud.DataDir;
import dev.qualify.cloud.Provisioning;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.ca.SecretFiles;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code qualify cloud thing ...}: things in the data dir. */
@Command(name = "thing", mixinStandardHelpOptions = true, description = "Manage things.",
        subcommands = {ThingCommand.Create.class, ThingCommand.ListThings.class})
public final class ThingCommand extends GroupCommand {

    /** {@code qualify cloud thing create NAME --data-dir DIR --out OUT [--csr FILE]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Registers a thing with a new certificate and the default policy (connect as NAME or NAME-*,",
                    "publish/subscribe/receive on NAME/# and $aws/things/NAME/#), and writes OUT/certificate.pem.crt,",
                    "OUT/private.pem.key (unless --csr) and OUT/root-ca.pem. A running broker on the same data dir picks it up."})
    public static final class Create extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "thing name (also the MQTT client id)")
        String name;

        @Option(names = "--out", required = true, description = "directory for the device's files")
        Path out;

        @Option(names = "--csr", description = "issue the certificate for this PEM CSR instead of generating a key")
        Path csr;

        @Option(names = "--greengrass", description = "also print a Greengrass nucleus config.yaml fragment for this thing")
        boolean greengrass;

        @Option(names = "--role-alias", defaultValue = "GreengrassV2TokenExchangeRoleAlias",
                description = "the iotRoleAlias in the --greengrass config (default: ${DEFAULT-VALUE})")
        String roleAlias;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = out();
            CertificateAuthority ca = DataDir.certificateAuthority(dataDir(), null, null);
            Registry registry = Registry.open(dataDir());
            Provisioning p = new Provisioning(ca, registry, Arns.DEFAULT);
            IssuedCertificate cert;
            try {
                cert = csr == null ? p.provisionThing(name) : p.provisionFromCsr(name, Files.readString(csr));
            } catch (IllegalArgumentException e) {
                err().println("qualify cloud thing create: " + e.getMessage());
                return 2;
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve("certificate.pem.crt"), cert.certificatePem());
            Files.writeString(out.resolve("root-ca.pem"), ca.certificatePem());
            if (cert.privateKey() != null) SecretFiles.writeOwnerOnly(out.resolve("private.pem.key"), cert.privateKeyPem());
            o.println("Thing " + name + " registered; certificate " + cert.id() + " is ACTIVE.");
            o.println("  " + out.resolve("certificate.pem.crt"));
            if (cert.privateKey() != null) o.println("  " + out.resolve("private.pem.key") + "  (keep it secret)");
            o.println("  " + out.resolve("root-ca.pem"));
            if (greengrass) o.print(NucleusConfig.fragment(name, out.toAbsolutePath(), GreengrassEndpoints.read(dataDir()), roleAlias));
            o.flush();
            return 0;
        }
    }

    /** {@code qualify cloud thing list --data-dir DIR}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists things with their certificates and statuses.")
    public static final class ListThings extends DataDirCommand {
        @Override
        public Integer call() {
            PrintWriter o = out();
            Registry registry = Registry.open(dataDir());
            registry.things().forEach(t -> {
                o.println(t.name());
                registry.certificatesOfThing(t.name()).forEach(c -> o.println("  " + c.id() + " " + c.status()));
            });
            o.flush();
            return 0;
        }
    }
}
