package dev.qualify.cloud.cli;

import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.CertificateStatus;
import dev.qualify.cloud.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code qualify cloud cert ...}: certificate statuses in the data dir. */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Manage device certificates.",
        subcommands = {CertCommand.Revoke.class, CertCommand.Deactivate.class, CertCommand.Activate.class})
public final class CertCommand extends GroupCommand {

    abstract static class SetStatus extends DataDirCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "thing name (all its certificates) or a certificate id")
        String name;

        abstract CertificateStatus status();

        @Override
        public Integer call() {
            Registry registry = Registry.open(dataDir());
            List<CertificateRecord> certs = registry.certificate(name).map(List::of).orElseGet(() -> registry.certificatesOfThing(name));
            if (certs.isEmpty()) {
                err().println("qualify cloud cert: no thing or certificate named " + name + " in " + dataDir());
                return 2;
            }
            for (CertificateRecord c : certs) {
                if (c.status() == CertificateStatus.REVOKED && status() != CertificateStatus.REVOKED) {
                    err().println("certificate " + c.id() + " is REVOKED; it stays revoked");
                    continue;
                }
                registry.setStatus(c.id(), status());
                out().println("certificate " + c.id() + " is now " + status()
                        + " (a running broker on this data dir applies it within a second)");
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a thing's certificates (or one by id); connects with them are refused and audited.")
    public static final class Revoke extends SetStatus {
        @Override
        CertificateStatus status() {
            return CertificateStatus.REVOKED;
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Sets certificates INACTIVE.")
    public static final class Deactivate extends SetStatus {
        @Override
        CertificateStatus status() {
            return CertificateStatus.INACTIVE;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Sets INACTIVE certificates ACTIVE again.")
    public static final class Activate extends SetStatus {
        @Override
        CertificateStatus status() {
            return CertificateStatus.ACTIVE;
        }
    }
}
