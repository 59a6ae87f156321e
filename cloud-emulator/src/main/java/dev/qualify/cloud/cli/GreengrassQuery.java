package dev.qualify.cloud.cli;

/** A Greengrass command that only reads the model: no running cloud needs telling (see {@link GreengrassCommand}). */
abstract class GreengrassQuery extends GreengrassCommand {
    @Override
    final boolean changes() {
        return false;
    }
}
