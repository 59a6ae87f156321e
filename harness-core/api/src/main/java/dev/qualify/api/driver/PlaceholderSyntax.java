package dev.qualify.api.driver;

import org.apiguardian.api.API;

import java.util.Map;

/** Makes {@link Placeholders} over a context; the engine supplies the JSONPath implementation IDT users know. */
@API(status = API.Status.MAINTAINED, since = "0.1")
@FunctionalInterface
public interface PlaceholderSyntax {

    /** @param context plain maps, lists and scalars, as Jackson would produce from JSON */
    Placeholders over(Map<String, Object> context);
}
