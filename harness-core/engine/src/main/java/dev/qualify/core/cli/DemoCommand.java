package dev.qualify.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code qualify demo}: a full qualification run of the demo pool (two virtual boards, their sample firmware,
 * the emulated cloud) with nothing installed but Java.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Qualify two virtual boards (configs/demo/qualify.yaml) end to end; no hardware needed.")
final class DemoCommand implements Callable<Integer> {
    static final Path DEMO_CONFIG = Path.of("configs", "demo", "qualify.yaml");
    static final int[] DEMO_PORTS = {47101, 47102};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "results", description = "Results directory. Default: ${DEFAULT-VALUE}")
    Path output;

    @Option(names = "--plain", description = "One line per event, also on a terminal.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        Path config = Installation.home().resolve(DEMO_CONFIG);
        if (!Files.exists(config)) {
            throw new UsageException("the demo config " + config + " is missing from this installation");
        }
        for (int port : DEMO_PORTS) {
            if (!free(port)) {
                throw new dev.qualify.api.device.InfrastructureException("port-busy", "port " + port + " on 127.0.0.1 is in use, and the demo boards need it for their UARTs;"
                        + " stop the other run (or what listens there: ss -ltnp sport = :" + port + ") and try again");
            }
        }
        RunCommand run = new RunCommand();
        run.spec = spec;
        run.output = output;
        run.plain = plain;
        run.timeoutMultiplier = 1.0;
        run.suite = Selection.DEFAULT_SUITE;
        return run.execute(config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
