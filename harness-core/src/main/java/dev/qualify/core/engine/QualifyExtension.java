package dev.qualify.core.engine;

import dev.qualify.core.cloud.Cloud;
import dev.qualify.core.device.Builder;
import dev.qualify.core.device.Console;
import dev.qualify.core.device.Device;
import dev.qualify.core.device.Flasher;
import dev.qualify.core.device.PowerControl;
import dev.qualify.core.device.Shell;
import dev.qualify.core.suite.SuiteParameters;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Set;

/**
 * Injects what a group's tests need: {@link GroupRun}, the leased {@link Device}, its capabilities
 * ({@link Console}, {@link Shell}, {@link PowerControl}, {@link Flasher}, {@link Builder}), the {@link Cloud} and
 * the {@link SuiteParameters}. Registered automatically (Jupiter extension auto-detection, enabled by the
 * scheduler); it resolves nothing outside a Qualify run, so suites stay ordinary JUnit code.
 */
public final class QualifyExtension implements ParameterResolver {
    private static final Set<Class<?>> TYPES = Set.of(GroupRun.class, Device.class, Console.class, Shell.class,
            PowerControl.class, Flasher.class, Builder.class, Cloud.class, SuiteParameters.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return TYPES.contains(p.getParameter().getType()) && run(ctx) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        GroupRun run = run(ctx);
        Class<?> type = p.getParameter().getType();
        if (type == GroupRun.class) return run;
        if (type == Device.class) return run.device();
        if (type == SuiteParameters.class) return run.parameters();
        if (type == Cloud.class) return run.cloud().get();
        try {
            return run.device().require(type);
        } catch (InfrastructureException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static GroupRun run(ExtensionContext ctx) {
        return ctx.getConfigurationParameter(GroupRuns.SESSION_PARAMETER).flatMap(GroupRuns::find).orElse(null);
    }
}
