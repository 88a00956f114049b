package dev.hubkeep.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One line of the route table: method, path, the guard it demands and the handler. */
public record Route(HandlerType method, String path, Guard guard, Handler handler) {

    public static Route get(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.GET, path, guard, handler);
    }

    public static Route head(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.HEAD, path, guard, handler);
    }

    public static Route post(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.POST, path, guard, handler);
    }

    public static Route put(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.PUT, path, guard, handler);
    }

    public static Route patch(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.PATCH, path, guard, handler);
    }

    public static Route delete(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.DELETE, path, guard, handler);
    }
}
