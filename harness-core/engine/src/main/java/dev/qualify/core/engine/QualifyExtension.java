package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.device.Builder;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Shell;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.SuiteParameters;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

/**
 * Injects what a group's tests need: the {@link GroupContext}, the leased {@link Device}, its capabilities
 * ({@link Console}, {@link Shell}, {@link PowerControl}, {@link Flasher}, {@link Builder}), the {@link Cloud} and
 * the {@link SuiteParameters}. Registered automatically (Jupiter extension auto-detection).
 *
 * <p>In a Qualify run the engine has leased and prepared the device and put the {@link GroupRun} into the
 * launcher session's store ({@link GroupExecution#NAMESPACE}). Run from an IDE or {@code mvn test} with
 * {@code -Dqualify.config=FILE} (and {@code -Dqualify.pool=ID} when the config has several pools), it leases a
 * device of the config itself and prepares it before the group's first test ({@link StandaloneGroup}). Without
 * either it resolves nothing, so suites stay ordinary JUnit code.
 *
 * <p>It also disables a test method marked {@link dev.qualify.api.cloud.NeedsEmulatedCloud} when the run's cloud is
 * not the emulator, with the reason {@code needs the emulated cloud...}: the engine reports it SKIPPED.
 *
 * <p>Once the run is stopping (SIGINT, SIGTERM), it starts no further test of the group (methods, templates and
 * dynamic tests alike): each ends at once as an ERROR the engine records as {@code interrupted}, so a group whose
 * cases wait on the device (FullCloudIoT's, up to a minute each) ends with the run instead of outliving its grace.
 */
public final class QualifyExtension implements ParameterResolver, BeforeAllCallback, ExecutionCondition,
        InvocationInterceptor {
    private static final Set<Class<?>> TYPES = Set.of(GroupContext.class, Device.class, Console.class, Shell.class,
            PowerControl.class, Flasher.class, Builder.class, Cloud.class, SuiteParameters.class);

    @Override
    public void beforeAll(ExtensionContext ctx) {
        if (sessionRun(ctx).isPresent()) return;
        StandaloneGroup.configured(ctx).ifPresent(factory -> ctx.getStore(ExtensionContext.Namespace.create("dev.qualify"))
                .computeIfAbsent(StandaloneGroup.class, k -> factory.start(ctx.getRequiredTestClass()), StandaloneGroup.class));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
        Optional<String> why = ctx.getTestMethod().flatMap(m -> run(ctx).flatMap(r -> r.cloudSkipReason(m)));
        return why.map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("the run's cloud can run it"));
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext ctx)
            throws Throwable {
        proceedUnlessStopping(invocation, ctx);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext ctx) throws Throwable {
        proceedUnlessStopping(invocation, ctx);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext call, ExtensionContext ctx)
            throws Throwable {
        proceedUnlessStopping(invocation, ctx);
    }

    private static void proceedUnlessStopping(Invocation<Void> invocation, ExtensionContext ctx) throws Throwable {
        if (sessionRun(ctx).map(GroupRun::stopping).orElse(false)) {
            invocation.skip();
            throw new InfrastructureException(Interruption.TYPE, "the run stopped before this case started");
        }
        invocation.proceed();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return TYPES.contains(p.getParameter().getType()) && run(ctx).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        GroupRun run = run(ctx).orElseThrow();
        Class<?> type = p.getParameter().getType();
        if (type == GroupContext.class) return run;
        if (type == Device.class) return run.device();
        if (type == SuiteParameters.class) return run.parameters();
        if (type == Cloud.class) return run.cloud();
        try {
            return run.device().require(type);
        } catch (InfrastructureException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static Optional<GroupRun> run(ExtensionContext ctx) {
        Optional<GroupRun> session = sessionRun(ctx);
        if (session.isPresent()) return session;
        StandaloneGroup standalone = ctx.getStore(ExtensionContext.Namespace.create("dev.qualify"))
                .get(StandaloneGroup.class, StandaloneGroup.class);
        return standalone == null ? Optional.empty() : Optional.of(standalone.run());
    }

    private static Optional<GroupRun> sessionRun(ExtensionContext ctx) {
        return Optional.ofNullable(ctx.getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION,
                ExtensionContext.Namespace.create(GroupExecution.NAMESPACE_PARTS)).get(GroupExecution.GROUP_KEY, GroupRun.class));
    }
}
