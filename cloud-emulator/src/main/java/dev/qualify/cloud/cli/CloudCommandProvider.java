package dev.qualify.cloud.cli;

import dev.qualify.api.spi.CommandProvider;

/** Contributes {@code qualify cloud} to the main CLI. */
public final class CloudCommandProvider implements CommandProvider {
    @Override
    public Object newCommand() {
        return new CloudCommand();
    }
}
