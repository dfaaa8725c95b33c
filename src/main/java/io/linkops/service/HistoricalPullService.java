package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.CompletedOperation;
import io.linkops.domain.Provider;
import io.linkops.domain.PullItem;
import io.linkops.domain.PullRate;
import io.linkops.domain.QueuedPull;
import io.linkops.domain.UnreadableItem;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.ConnectionImportRepository;
import io.linkops.repository.HistoricalPullRepository;
import io.linkops.repository.HistoricalPullRepository.Dispatched;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code POST /v2/link/bulk_trigger_historical_pull}: an op of one record per user through the same launcher as
 * bulk import; workers sort users into failed and queued, and the dispatcher publishes queued pulls as the
 * per-credential rate allows: claim, publish, then record, so no broker call runs inside a SQL transaction.
 */
@ApplicationScoped
public class HistoricalPullService {

    private static final Logger LOG = Logger.getLogger(HistoricalPullService.class);
    private static final int DISPATCH_BATCH = 200;

    private final BulkOperationLauncher launcher;
    private final OpEnqueuer enqueuer;
    private final ConnectionImportRepository credentials;
    private final BulkOperationRepository operations;
    private final HistoricalPullRepository pulls;
    private final LinkopsConfig config;
    private final OpMetrics metrics;
    private final OpBatchRecorder recorder;
    private final Map<Provider, PullRate> rates = new EnumMap<>(Provider.class);

    public HistoricalPullService(BulkOperationLauncher launcher, OpEnqueuer enqueuer,
            ConnectionImportRepository credentials,
            BulkOperationRepository operations, HistoricalPullRepository pulls, LinkopsConfig config,
            OpMetrics metrics, OpBatchRecorder recorder) {
        this.launcher = launcher;
        this.enqueuer = enqueuer;
        this.credentials = credentials;
        this.operations = operations;
        this.pulls = pulls;
        this.config = config;
        this.metrics = metrics;
        this.recorder = recorder;
        PullRate fallback = PullRate.parse(config.historicalPull().defaultRate());
        for (Provider provider : Provider.values()) {
            String configured = config.historicalPull().rates().get(provider.slug());
            rates.put(provider, configured == null ? fallback : PullRate.parse(configured));
        }
    }

    public Uni<BulkOperationView> trigger(UUID opId, UUID teamId, Provider provider, List<UUID> userIds,
            boolean waitForCompletion) {
        BulkOperation op = new BulkOperation(opId, teamId, BulkOpType.link_bulk_historical_trigger,
                provider, BulkOpStatus.in_progress, userIds.size(), 0, 0, Timestamps.now(), null);
        return credentials.credential(teamId, provider)
                .onItem().ifNull().failWith(() -> new MissingCustomCredentialException(provider))
                .chain(() -> launcher.launch(op, userIds, () -> enqueuer.enqueuePulls(op, userIds),
                        waitForCompletion));
    }

    /** Worker side: sorts a batch of op records into failed and queued users; answers the ops now finished. */
    public Uni<List<CompletedOperation>> accept(List<PullItem> batch, List<UnreadableItem> unreadable) {
        return recorder.process(BulkOpType.link_bulk_historical_trigger, batch, unreadable, (op, items) -> {
            Map<Integer, UUID> usersByIndex = new LinkedHashMap<>();
            items.forEach(item -> usersByIndex.put(item.itemIndex(), item.userId()));
            return pulls.acceptBatch(op.id(), op.teamId(), op.provider(), usersByIndex);
        });
    }

    /**
     * Dispatcher side: claims the pulls the throttle allows now, publishes each outside any transaction, records those
     * the broker acknowledged and releases the others to a later round; answers the ops now finished. A released
     * pull's permit stays spent: a send that failed may still have reached the broker, and handing its permit to
     * another pull could then exceed the rate.
     */
    public Uni<List<CompletedOperation>> dispatch(Function<QueuedPull, Uni<Void>> publish) {
        UUID claimId = UUID.randomUUID();
        return pulls.claim(claimId, DISPATCH_BATCH, rates::get)
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndMerge(pull -> publish.apply(pull).replaceWith(pull)
                                .onFailure().invoke(failure -> unpublished(pull, failure))
                                .onFailure().recoverWithNull())
                        .filter(Objects::nonNull)
                        .collect().asList()
                        .chain(published -> recordAndRelease(claimId, claimed, published)))
                .onItem().transformToMulti(dispatched -> Multi.createFrom().iterable(dispatched))
                .onItem().transformToUniAndConcatenate(this::measure)
                .filter(Objects::nonNull)
                .collect().asList();
    }

    private Uni<List<Dispatched>> recordAndRelease(UUID claimId, List<QueuedPull> claimed,
            List<QueuedPull> published) {
        Set<QueuedPull> sent = new HashSet<>(published);
        List<QueuedPull> unpublished = claimed.stream().filter(pull -> !sent.contains(pull)).toList();
        return (published.isEmpty() ? Uni.createFrom().item(List.<Dispatched>of()) : pulls.record(published))
                .call(() -> unpublished.isEmpty() ? Uni.createFrom().voidItem()
                        : pulls.release(claimId, unpublished));
    }

    private void unpublished(QueuedPull pull, Throwable failure) {
        LOG.warnf("op %s item %d: historical pull not published (%s); released for a later round", pull.opId(),
                pull.itemIndex(), failure.getClass().getSimpleName());
        metrics.pullNotPublished(pull.provider());
    }

    private Uni<CompletedOperation> measure(Dispatched dispatched) {
        return operations.find(dispatched.opId()).map(op -> {
            if (op == null) {
                return null;
            }
            metrics.recorded(op, dispatched.recorded());
            return dispatched.recorded().status().isTerminal()
                    ? new CompletedOperation(op.id(), op.teamId(), dispatched.recorded().status()) : null;
        });
    }
}
