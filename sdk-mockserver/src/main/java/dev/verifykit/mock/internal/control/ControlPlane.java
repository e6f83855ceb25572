package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.DockControl;
import dev.verifykit.mock.DokaiControl;
import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.Service;
import dev.verifykit.mock.internal.fault.FaultRules;
import dev.verifykit.mock.internal.roblox.RobloxState;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * What a person or a game would do, over HTTP, mounted at {@code /_mock}: {@code GET /health},
 * {@code POST /reset}, and the routes of {@link DockControlPlane}, {@link RobloxControlPlane},
 * {@link DokaiControlPlane} and {@link FaultControlPlane}. Answers are plain JSON, errors
 * {@code {"error","message"}}.
 */
public final class ControlPlane implements Service {

    private static final Routes.Refusals<HttpCall> REFUSALS = new Routes.Refusals<>() {
        @Override
        public Reply tooLarge(HttpCall call) {
            return Reply.error(413, "INVALID_BODY", "Request body is larger than " + Router.MAX_BODY + " bytes");
        }

        @Override
        public Reply notFound(HttpCall call) {
            return Reply.error(404, "NOT_FOUND", "No control-plane endpoint at " + call.method() + " /_mock"
                    + call.path());
        }

        @Override
        public Reply methodNotAllowed(HttpCall call, List<String> allowed) {
            String allow = String.join(", ", allowed);
            return Reply.error(405, "METHOD_NOT_ALLOWED", "Use " + allow + " here").header("Allow", allow);
        }
    };

    private final Runnable resetAll;
    private final List<ControlRoutes> parts;
    /**
     * Built at the first request: an in-process test seldom calls the control plane over HTTP, and
     * its 27 handlers (a lambda class each) cost a JVM's first {@code MockServer.start()}
     * milliseconds.
     */
    private Routes<HttpCall> routes;

    /** A part of the control plane: the routes it adds. */
    interface ControlRoutes {
        void addTo(Routes<HttpCall> routes);
    }

    public ControlPlane(Runnable resetAll, DockControl dock, RobloxState roblox, DokaiControl dokai, FaultRules faults,
                        MockJournal journal) {
        this.resetAll = resetAll;
        this.parts = List.of(new FaultControlPlane(faults, journal), new DokaiControlPlane(dokai),
                new RobloxControlPlane(roblox), new DockControlPlane(dock));
    }

    @Override
    public Reply handle(HttpCall call) throws InterruptedException {
        return routes().dispatch(call, call, REFUSALS);
    }

    private synchronized Routes<HttpCall> routes() {
        if (routes == null) {
            Routes<HttpCall> built = new Routes<>();
            built.on("GET", "/health", (call, segments) -> ok())
                    .on("POST", "/reset", (call, segments) -> {
                        resetAll.run();
                        return ok();
                    });
            for (ControlRoutes part : parts) {
                part.addTo(built);
            }
            routes = built;
        }
        return routes;
    }

    @Override
    public void reset() {
    }

    /**
     * What {@code action} answers, or the refusal of what it threw: {@code notFound} for an unknown
     * resource, 409 {@code CONFLICT} for a step that is not possible, 400 {@code INVALID_PARAMETER}
     * for a bad argument.
     */
    static Reply acting(Supplier<Reply> action, Supplier<Reply> notFound) {
        try {
            return action.get();
        } catch (NoSuchElementException e) {
            return notFound.get();
        } catch (IllegalStateException e) {
            return Reply.error(409, "CONFLICT", e.getMessage());
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
    }

    static Reply invalid(String message) {
        return Reply.error(400, "INVALID_PARAMETER", message);
    }

    static Reply ok(Object json) {
        return Reply.json(200, Json.write(json));
    }

    private static Reply ok() {
        return Reply.json(200, "{\"status\":\"ok\"}");
    }
}
