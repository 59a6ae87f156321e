package dev.qualify.testkit;

import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;

import java.util.Map;
import java.util.function.Supplier;

/** A driver factory of type {@value #TYPE} that hands out what a {@link TestDevice} was given. */
final class FakeDriverFactory<T> implements DriverFactory<T> {
    static final String TYPE = "fake";

    private final Class<T> capability;
    private final Supplier<? extends T> drivers;

    FakeDriverFactory(Class<T> capability, Supplier<? extends T> drivers) {
        this.capability = capability;
        this.drivers = drivers;
    }

    @Override
    public Class<T> capability() {
        return capability;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings) {
    }

    @Override
    public T create(Map<String, Object> settings, DriverContext context) {
        return drivers.get();
    }
}
