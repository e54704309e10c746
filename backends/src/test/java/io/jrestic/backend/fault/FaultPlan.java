package io.jrestic.backend.fault;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Decides the {@link Fault} for each request {@link FaultProxy} sees; called from several threads at once. */
@FunctionalInterface
public interface FaultPlan {
    FaultPlan NONE = request -> Fault.NONE;

    Fault decide(FaultProxy.Request request);

    /** The first {@code times} requests that match {@code which} get {@code fault}; all others pass. */
    static FaultPlan first(int times, Predicate<FaultProxy.Request> which, Fault fault) {
        AtomicInteger left = new AtomicInteger(times);
        return request -> which.test(request) && left.getAndDecrement() > 0 ? fault : Fault.NONE;
    }

    /** Every request that matches {@code which} gets {@code fault}. */
    static FaultPlan always(Predicate<FaultProxy.Request> which, Fault fault) {
        return request -> which.test(request) ? fault : Fault.NONE;
    }

    /** This plan's fault, or {@code other}'s for requests this one lets pass. */
    default FaultPlan then(FaultPlan other) {
        return request -> {
            Fault f = decide(request);
            return f instanceof Fault.Pass ? other.decide(request) : f;
        };
    }
}
