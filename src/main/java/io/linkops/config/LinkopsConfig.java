package io.linkops.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Business settings of linkops, read from {@code linkops.*} (and the environment). */
@ConfigMapping(prefix = "linkops")
public interface LinkopsConfig {

    /**
     * Operator key expected in {@code x-admin-key}; required where the operator role runs, absent elsewhere (a
     * process without that role never reads it); a development default outside production.
     */
    Optional<String> adminKey();

    /**
     * Which parts this process runs ({@code LINKOPS_ROLE}): {@code api}, {@code worker}, {@code operator}, or any
     * of them together (all three by default).
     */
    @WithDefault("api,worker,operator")
    Set<Role> role();

    Encryption encryption();

    Database database();

    BulkImport bulkImport();

    Topics topics();

    BulkExport bulkExport();

    /** Per provider slug: its token endpoint and how imports are verified. */
    Map<String, ProviderSettings> providers();

    Refresher refresher();

    HistoricalPull historicalPull();

    Idempotency idempotency();

    Events events();

    Webhooks webhooks();

    RateLimits rateLimits();

    /** Request rates, each a token bucket on each api or operator replica. */
    interface RateLimits {

        /** Requests per second of one team (all its keys together) on one replica. Default 100. */
        @WithDefault("100")
        double teamPerSecond();

        /** Requests a team may send at once above its rate. Default 200. */
        @WithDefault("200")
        int teamBurst();

        /** Requests per second to the operator API on one replica, whatever the key. Default 20. */
        @WithDefault("20")
        double operatorPerSecond();

        /** Operator requests at once above that rate. Default 50. */
        @WithDefault("50")
        int operatorBurst();

        /** Failed lookups of one team key before it is refused without a lookup. Default 3. */
        @WithDefault("3")
        int badKeyAttempts();

        /** How long such a key is refused without a lookup, from its first failure. Default 5 min. */
        @WithDefault("5m")
        Duration badKeyMemory();
    }

    /** Delivery of events to the teams' webhook endpoints (worker role). */
    interface Webhooks {

        /**
         * Accept {@code http} URLs and loopback or private addresses (local and test profiles only, so tests can
         * receive on 127.0.0.1). Default off: only {@code https} to public addresses.
         */
        @WithDefault("false")
        boolean allowInsecureUrls();

        /** Bound of one delivery request. Default 15 s. */
        @WithDefault("15s")
        Duration requestTimeout();

        /** Delay before each attempt: the first, then each retry. Default Svix's and Junction's schedule. */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** An endpoint whose deliveries have failed without a success for this long is disabled. Default 5 days. */
        @WithDefault("5d")
        Duration disableAfter();

        /** Requests one worker has in flight at once, in all and to one endpoint. Defaults 32 and 4. */
        @WithDefault("32")
        int concurrency();

        @WithDefault("4")
        int perEndpointConcurrency();
    }

    /** The live stream of an op, {@code GET /v2/link/bulk_op/{id}/events}. */
    interface Events {

        /** How often a stream looks at its op's state (at most one progress event per look). Default 500 ms. */
        @WithDefault("500ms")
        Duration interval();

        /** Longest silence before a heartbeat, so proxies keep the stream open. Default 15 s. */
        @WithDefault("15s")
        Duration heartbeat();
    }

    /** {@code Idempotency-Key} on the bulk requests that start ops. */
    interface Idempotency {

        /** How long a key answers with its op ({@code LINKOPS_IDEMPOTENCY_RETENTION}). Default 24 hours. */
        @WithDefault("24h")
        Duration retention();
    }

    /**
     * The database password, mapped here only so that a missing one stops the start with the other secrets: Quarkus
     * reads {@code quarkus.datasource.password} as optional and would try to connect without one.
     */
    interface Database {

        /** The PostgreSQL user's password ({@code LINKOPS_DB_PASSWORD}); a development default only locally. */
        String password();
    }

    /** Keys that encrypt tokens and client secrets at rest. */
    interface Encryption {

        /** Every key that may still decrypt data, as {@code id:base64(32 bytes)} separated by commas. */
        String keys();

        /** The id of the key that encrypts new values. */
        String activeKeyId();
    }

    /** Limits and timing of {@code POST /v2/link/bulk_import}. */
    interface BulkImport {

        /** Most connections one request may carry; more answers 413. Default 100000. */
        @WithDefault("100000")
        int maxConnections();

        /** Bulk ops of any type a team may have in progress at once; one more answers 429. Default 10. */
        @WithDefault("10")
        int maxOpenOpsPerTeam();

        /** How long {@code wait_for_completion} waits before answering 202. Default 20 s. */
        @WithDefault("20s")
        Duration waitBound();

        /** Transactional producers an API process keeps, so that ops enqueue in parallel. Default 4. */
        @WithDefault("4")
        int producerPoolSize();

        /**
         * An op whose enqueue was never confirmed is decided from the enqueue ledger once it is this old: confirmed
         * if Kafka committed its records, aborted if not. Must exceed the transaction timeout by 30 s, so that the
         * op's transaction has surely ended. Default 5 min.
         */
        @WithDefault("5m")
        Duration unconfirmedEnqueueTimeout();

        /** How often the worker role looks for unconfirmed ops to decide. Default 30 s. */
        @WithDefault("30s")
        Duration sweepInterval();

        /** The enqueue producers' Kafka transaction timeout: the longest one op's enqueue may take. Default 60 s. */
        @WithDefault("60s")
        Duration transactionTimeout();

        /** Connections written to PostgreSQL per statement. Default 2000. */
        @WithDefault("2000")
        int writeBatchSize();

        /**
         * How long an enqueue producer's transactional id stays leased without renewal (renewed every second, so keep
         * it at 4 s or more).
         * A process that dies holds read_committed workers back at most about this long before its ids are fenced.
         * Default 5 s.
         */
        @WithDefault("5s")
        Duration producerLease();

        /**
         * Request bodies of 1 MiB or more that one API process holds at once, counted by their declared length (a
         * body without one counts as the largest allowed). A request that does not fit waits, unread, in arrival
         * order. Default: an eighth of the heap (a body costs about four times its size while it is parsed and
         * enqueued, and is read into one contiguous buffer).
         */
        Optional<MemorySize> bodyBytesInFlight();

        /** How long such a request waits for room before it is answered 429 with Retry-After. Default 60 s. */
        @WithDefault("60s")
        Duration admissionWait();
    }

    /** How linkops talks to one provider. */
    interface ProviderSettings {

        /** The OAuth 2.0 token endpoint that refreshes tokens; absent for providers that never refresh. */
        Optional<String> tokenUrl();

        /** How the team's client authenticates at the token endpoint. Default: HTTP Basic. */
        @WithDefault("basic")
        ClientAuthentication clientAuthentication();

        /** {@code none} trusts a recipe as submitted; {@code refresh} refreshes once during import. */
        @WithDefault("none")
        VerificationPolicy verification();
    }

    /** How a client proves itself to a token endpoint (RFC 6749 section 2.3.1). */
    enum ClientAuthentication {
        basic,
        body
    }

    /** What an import does to check a recipe against the provider. */
    enum VerificationPolicy {
        none,
        refresh
    }

    /** The background refresher of the worker role. */
    interface Refresher {

        /** How often it looks for tokens about to expire. Default 30 s. */
        @WithDefault("30s")
        Duration interval();

        /** Refresh tokens that expire within this window. Default 15 min. */
        @WithDefault("15m")
        Duration window();

        /** Due connections a worker reserves at a time; a round goes on reserving until none is due. Default 200. */
        @WithDefault("200")
        int batchSize();

        /** Token-endpoint calls one worker makes at once, in all. Default 64. */
        @WithDefault("64")
        int concurrency();

        /** Token-endpoint calls one worker makes at once to one provider. Default 64. */
        @WithDefault("64")
        int perProviderConcurrency();

        /** Token-endpoint calls one worker makes at once with one team's credential. Default 16. */
        @WithDefault("16")
        int perCredentialConcurrency();

        /** Bound of one call to a token endpoint. Default 10 s. */
        @WithDefault("10s")
        Duration callTimeout();

        /** First wait after a 429 or 5xx without Retry-After; it doubles per failure. Default 30 s. */
        @WithDefault("30s")
        Duration firstBackoff();

        /** Longest wait between attempts. Default 1 h. */
        @WithDefault("1h")
        Duration maxBackoff();
    }

    /** Throttling of {@code POST /v2/link/bulk_trigger_historical_pull} per team credential and provider. */
    interface HistoricalPull {

        /** Per provider slug, {@code <count>/<period>} such as {@code 2/1m}; others take the default. */
        Map<String, String> rates();

        /** The rate of providers not listed. Default {@code 8/1m}. */
        @WithDefault("8/1m")
        String defaultRate();
    }

    /** Paging of {@code POST /v2/link/bulk_export}. */
    interface BulkExport {

        /** Connections per page. Default 500. */
        @WithDefault("500")
        int pageSize();
    }

    /** Kafka topics: names, partitions and whether this process creates them. */
    interface Topics {

        /** Where each submitted connection is published, keyed by bulk-op id. */
        String connectionImports();

        /** Where a finished op is announced to every API replica. */
        String bulkOpCompletions();

        /** Where connection events go for a webhook dispatcher, keyed by user id. */
        String connectionEvents();

        /** The work topic of historical-pull ops, keyed by op id. */
        String historicalPullTriggers();

        /** Where each permitted historical pull is published for the data-pull system, keyed by user id. */
        String historicalPulls();

        /**
         * One record per op, written last in the op's Kafka transaction: what Kafka committed, read back for an op
         * whose API process died before confirming it.
         */
        String enqueueLedger();

        /** Partitions of the import topic: the most worker consumers that can share the work. Default 12. */
        @WithDefault("12")
        int importPartitions();

        /** Replication factor when this process creates topics; -1 takes the broker's default. */
        @WithDefault("-1")
        short replicationFactor();

        /** Create missing topics at start; off where an operator (Strimzi) manages them. Default on. */
        @WithDefault("true")
        boolean create();
    }

    /** A part of the service this process runs. */
    enum Role {
        api,
        worker,
        /** The operator API ({@code /admin}); in production it runs apart, behind a Service no ingress reaches. */
        operator
    }
}
