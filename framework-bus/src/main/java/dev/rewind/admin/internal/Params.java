package dev.rewind.admin.internal;

import io.javalin.http.Context;

/** Query and path parameters read with checks whose messages name the parameter and what it takes. */
final class Params {

    private Params() {
    }

    /** A whole number parameter from {@code min} to {@code max}; {@code fallback} when absent. */
    static long number(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return parse(name, text.trim(), min, max);
    }

    /** A whole number path parameter from {@code min} to {@code max}. */
    static long pathNumber(Context ctx, String name, long min, long max) {
        return parse(name, ctx.pathParam(name), min, max);
    }

    /** A text parameter; {@code ""} when absent. */
    static String text(Context ctx, String name) {
        String text = ctx.queryParam(name);
        return text == null ? "" : text;
    }

    static long parse(String name, String text, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + text
                + "'");
    }
}
