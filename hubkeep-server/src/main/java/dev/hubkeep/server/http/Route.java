package dev.hubkeep.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One line of the route table: method, path, the guard it demands and the handler. A {@code page}
 * is a web page ({@link PageSupport}): its forms carry a CSRF token, its answers the pages'
 * security headers, and a browser sees its failures as pages. Only a form that {@code takesFiles}
 * may be posted as {@code multipart/form-data}, up to the pages' upload limit; any other is refused
 * before its body is read.
 */
public record Route(HandlerType method, String path, Guard guard, Handler handler, boolean page, boolean takesFiles) {

    public Route(HandlerType method, String path, Guard guard, Handler handler, boolean page) {
        this(method, path, guard, handler, page, false);
    }

    public static Route get(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.GET, path, guard, handler, false);
    }

    public static Route head(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.HEAD, path, guard, handler, false);
    }

    public static Route post(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.POST, path, guard, handler, false);
    }

    public static Route put(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.PUT, path, guard, handler, false);
    }

    public static Route patch(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.PATCH, path, guard, handler, false);
    }

    public static Route delete(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.DELETE, path, guard, handler, false);
    }

    /** A web page shown by {@code GET}. */
    public static Route page(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.GET, path, guard, handler, true);
    }

    /** A web page's form, posted with its CSRF token. */
    public static Route form(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.POST, path, guard, handler, true);
    }

    /** A web page's form that carries files ({@code multipart/form-data}), posted with its CSRF token. */
    public static Route upload(String path, Guard guard, Handler handler) {
        return new Route(HandlerType.POST, path, guard, handler, true, true);
    }
}
