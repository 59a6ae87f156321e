package dev.qualify.testkit;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.PowerControl;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link PowerControl} that records every action and can be told to fail. A failing action is recorded too
 * and throws an {@link InfrastructureException} of type {@code power-failed}, leaving the state unchanged.
 * {@link #cycle()} is recorded as one {@link Action#CYCLE} (not as OFF, ON). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RecordingPower implements PowerControl {

    /** What was asked of the power control. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Action { ON, OFF, CYCLE }

    private final List<Action> calls = new ArrayList<>();
    private final Set<Action> failing = EnumSet.noneOf(Action.class);
    private final Set<Action> failOnce = EnumSet.noneOf(Action.class);
    private boolean on;

    /** Every call of {@code action} from now on fails. */
    public synchronized RecordingPower failWhen(Action action) {
        failing.add(action);
        return this;
    }

    /** The next call of {@code action} fails; later ones succeed. */
    public synchronized RecordingPower failNext(Action action) {
        failOnce.add(action);
        return this;
    }

    /** Stops failing. */
    public synchronized RecordingPower succeed() {
        failing.clear();
        failOnce.clear();
        return this;
    }

    @Override
    public synchronized void on() {
        act(Action.ON);
        on = true;
    }

    @Override
    public synchronized void off() {
        act(Action.OFF);
        on = false;
    }

    @Override
    public synchronized void cycle() {
        act(Action.CYCLE);
        on = true;
    }

    /** Whether the device is powered, as far as this control knows (initially off). */
    public synchronized boolean isOn() {
        return on;
    }

    /** Every action asked for, failed ones included, in order. */
    public synchronized List<Action> calls() {
        return List.copyOf(calls);
    }

    /** The last action asked for, or null. */
    public synchronized Action last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    /** How often {@code action} was asked for. */
    public synchronized long count(Action action) {
        return calls.stream().filter(a -> a == action).count();
    }

    /** Forgets the recorded calls (not the state nor the failures). */
    public synchronized void clear() {
        calls.clear();
    }

    private void act(Action a) {
        calls.add(a);
        if (failing.contains(a) || failOnce.remove(a)) {
            throw new InfrastructureException("power-failed", "recording power: " + a + " failed as the test asked");
        }
    }
}
