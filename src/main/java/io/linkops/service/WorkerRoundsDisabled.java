package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Skips the worker role's scheduled rounds (refresher, sweeper, relays) in a process that does not run that role,
 * until the process has started (the scheduler fires before messaging has wired its channels), and once it is
 * shutting down (the database pool and producers close under a round started then).
 */
@Singleton
public class WorkerRoundsDisabled implements Scheduled.SkipPredicate {

    private final boolean workerRole;
    private volatile boolean started;
    private volatile boolean shuttingDown;

    public WorkerRoundsDisabled(LinkopsConfig config) {
        this.workerRole = config.role().contains(LinkopsConfig.Role.worker);
    }

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !workerRole || !started || shuttingDown;
    }
}
