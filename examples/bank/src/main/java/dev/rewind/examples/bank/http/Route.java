package dev.rewind.examples.bank.http;

/** Answers the requests under one path prefix. */
@FunctionalInterface
public interface Route {

    /**
     * Answers a request.
     *
     * @throws HttpProblem if the request is refused; the caller gets its status and message
     */
    Reply handle(Request request);

    /** The 404 or 405 for a request that no route matches. */
    static HttpProblem noSuchResource(Request request) {
        return HttpProblem.notFound("no such resource: " + request.method() + " /" + String.join("/",
                request.path()));
    }
}
