/**
 * Generated from docs/openapi.json by `npm run api-types` (openapi-typescript); do not edit.
 * The console names the shapes it uses in types.ts; every property an answer's schema lists is
 * there unless the schema says otherwise (the document fills in `required`).
 */

export interface paths {
    "/api/v1/ingest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest records
         * @description A JSON array of records, or one record per line (NDJSON). Every valid record is committed before the answer; each invalid one is named with its index and reason. Secret-looking values are redacted before storage.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Record"][];
                    "application/x-ndjson": components["schemas"]["Record"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted: number;
                            rejected: {
                                index: number;
                                error: string;
                            }[];
                        };
                    };
                };
                /** @description The body cannot be parsed at all; the message says where. Nothing is stored. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No ingest key, or an unknown or revoked one. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                403: components["responses"]["ForbiddenIngest"];
                /** @description The body or its record count is over the configured limit. Nothing is stored. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Content-Type is neither application/json nor application/x-ndjson. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cardinality limits: what they are, what is used of them, and what they refused
         * @description Records past a limit are rejected one by one with the reason (docs/api.md, "Cardinality limits"). Rejections are counted per reason and integration since this instance started; refused new integrations share one count (integration null). A tenant-bound caller sees only its integrations.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description 0: no limit. */
                            limits: {
                                integrations: number;
                                operations_per_integration: number;
                                label_values_per_integration: number;
                            };
                            usage: {
                                integrations: number;
                                /** @description The 20 integrations nearest a limit, nearest first: distinct values of each kind. */
                                busiest: {
                                    integration: string;
                                    operation: number;
                                    event: number;
                                    env: number;
                                    site: number;
                                    release: number;
                                    /** @description Distinct operations of its log lines (docs/logs.md). */
                                    log_operation: number;
                                }[];
                            };
                            rejections: {
                                /** @enum {unknown} */
                                reason: "integrations" | "operation" | "event" | "env" | "site" | "release" | "log_operation";
                                integration: string | null;
                                rejected: number;
                                first_at: number;
                                last_at: number;
                                /** @description The last value refused, shortened to 64 characters. */
                                example: string;
                            }[];
                            /** @description Epoch ms this instance started counting. */
                            since: number;
                        };
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OTLP/HTTP traces: HTTP client and server spans become call records
         * @description The standard OTLP/HTTP path, for OpenTelemetry SDK and Collector exporters (see docs/opentelemetry.md). The body is an ExportTraceServiceRequest in either encoding, optionally gzip or deflate encoded; the answer uses the request's encoding. Spans are mapped by the HTTP semantic conventions and stored as if posted to /api/v1/ingest; other spans are skipped. A 200 is sent after the commit; rejected spans are counted and explained in partialSuccess.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The body limit applies after decompression too. */
                    "Content-Encoding"?: "gzip" | "deflate" | "identity";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-protobuf": string;
                    "application/json": {
                        resourceSpans?: Record<string, never>[];
                    };
                };
            };
            responses: {
                /** @description Committed. partialSuccess is set only when spans were rejected. The Switchboard-Spans header counts accepted, rejected and skipped spans. */
                200: {
                    headers: {
                        /** @description e.g. "accepted=18, rejected=1, skipped=40" */
                        "Switchboard-Spans"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExportTraceServiceResponse"];
                        "application/x-protobuf": string;
                    };
                };
                /** @description The body cannot be decoded; the message says where. Nothing is stored. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                /** @description No ingest key, or an unknown or revoked one. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                403: components["responses"]["ForbiddenIngestOtlp"];
                /** @description The body, before or after decompression, or its count of HTTP spans is over the configured limit. Nothing is stored. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                /** @description Content-Type is neither application/x-protobuf nor application/json, or the Content-Encoding is not supported. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                429: components["responses"]["TooManyFailuresOtlp"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The board: every integration with its signals, health and trend over a window
         * @description A page of at most `limit` integrations (default and maximum 1000), worst first: current status (down, degraded, unknown, healthy), then the window's error rate (1 − success rate), then id; `next` gives the page after. `q` keeps the integrations whose id, title, owner, partner or tenant contains it (any case). Each trend has at most 72 points. A degraded or down integration carries `advice` ({message, next, action}): what its worst firing alert means, the next step and the recovery action that fits, as its notification said; null otherwise.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only calls with this env. */
                    env?: string;
                    /** @description Only calls with this site. */
                    site?: string;
                    /** @description Only calls with this release. */
                    release?: string;
                    /** @description Search: id, title, owner, partner or tenant contains this (any case). */
                    q?: string;
                    /** @description Items per page (default 1000, at most 1000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Board"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One integration as the board shows it: signals, health status and reason, trend */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only calls with this env. */
                    env?: string;
                    /** @description Only calls with this site. */
                    site?: string;
                    /** @description Only calls with this release. */
                    release?: string;
                    /** @description Only calls with this operation. */
                    operation?: string;
                    /** @description Only calls with this direction. */
                    direction?: "inbound" | "outbound";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationTile"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No record of this integration has been stored. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Golden signals of one integration over a window (the contract summary) */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only calls with this env. */
                    env?: string;
                    /** @description Only calls with this site. */
                    site?: string;
                    /** @description Only calls with this release. */
                    release?: string;
                    /** @description Only calls with this operation. */
                    operation?: string;
                    /** @description Only calls with this direction. */
                    direction?: "inbound" | "outbound";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Summary"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/timeseries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bucketed outcome counts and latency quantiles for charts (columnar) */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only calls with this env. */
                    env?: string;
                    /** @description Only calls with this site. */
                    site?: string;
                    /** @description Only calls with this release. */
                    release?: string;
                    /** @description Only calls with this operation. */
                    operation?: string;
                    /** @description Only calls with this direction. */
                    direction?: "inbound" | "outbound";
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TimeSeries"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signals broken down by operation and direction */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only calls with this env. */
                    env?: string;
                    /** @description Only calls with this site. */
                    site?: string;
                    /** @description Only calls with this release. */
                    release?: string;
                    /** @description Only calls with this operation. */
                    operation?: string;
                    /** @description Only calls with this direction. */
                    direction?: "inbound" | "outbound";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Operations"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent failed calls with status, error, latency and ids, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only calls with this env. */
                    env?: string;
                    /** @description Only calls with this site. */
                    site?: string;
                    /** @description Only calls with this release. */
                    release?: string;
                    /** @description Only calls with this operation. */
                    operation?: string;
                    /** @description Only calls with this direction. */
                    direction?: "inbound" | "outbound";
                    /** @description Items per page (default 50, at most 500). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                    /** @description Comma-separated outcome classes to list; default every class but ok. */
                    outcome?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Failures"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dimensions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The envs, sites, releases and operations seen in a window (filter values) */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    integration?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Dimensions"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every record linked to an order, shipment or correlation id, oldest first
         * @description An order's trace includes the records of its shipments and the calls sharing their correlation ids. At most 5,000 records: `truncated` is true when the id has more.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Give exactly one of the three. */
                    order_id?: string;
                    /** @description Give exactly one of the three. */
                    shipment_id?: string;
                    /** @description Give exactly one of the three. */
                    correlation_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Trace"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Feeds and jobs: last run and success, failure streak, history and record-count trends
         * @description A page of jobs in (integration, job) order, the jobs in trouble first within it; history and trends from the newest 200 runs of each in the window (default the last 7 days).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    integration?: string;
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Jobs"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every catalogue record, and the ids that send data without one
         * @description A page of both lists together, in id order: at most `limit` ids between them.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 1000, at most 5000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Catalogue"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue as CSV */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/csv */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One catalogue record (or {id, uncatalogued: true}) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogueEntry"] | components["schemas"]["UncataloguedIntegration"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description Neither in the catalogue nor in the data. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runbooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The runbooks: name, title, summary */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Runbooks"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runbooks/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A runbook's Markdown, filled from an integration's catalogue record when one is named */
        get: {
            parameters: {
                query?: {
                    integration?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Runbook"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such runbook or integration. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current health of every integration, with reasons */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 1000, at most 5000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            integrations: components["schemas"]["IntegrationHealth"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Latest state of every active check and heartbeat, in (integration, name) order */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 1000, at most 5000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: components["schemas"]["CheckState"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An integration's checks with their latest results and history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: components["schemas"]["IntegrationCheck"][];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration in the catalogue. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/checks/{name}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a check now (at most once every 10 s per check) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CheckRun"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such check. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Asked too often; Retry-After says when to try again. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/heartbeats/{id}/{check}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's heartbeat ping for cron one-liners (`curl -H 'Authorization: Bearer …' …?status=failed`); as POST, with the fields in the query */
        get: {
            parameters: {
                query?: {
                    status?: "success" | "failed" | "partial";
                    duration_ms?: number;
                    error?: string;
                };
                header?: never;
                path: {
                    id: string;
                    check: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            recorded: true;
                        };
                    };
                };
                /** @description Invalid status, counts or fields. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["UnauthorizedIngest"];
                403: components["responses"]["ForbiddenIngest"];
                /** @description No such heartbeat check. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        /** A job's heartbeat ping; also stored as a run record of the job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    check: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {unknown} */
                        status?: "success" | "failed" | "partial";
                        counts?: {
                            [key: string]: number;
                        };
                        duration_ms?: number;
                        error?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            recorded: true;
                        };
                    };
                };
                /** @description Invalid status, counts or fields. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No ingest key, or an unknown or revoked one. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                403: components["responses"]["ForbiddenIngest"];
                /** @description No such heartbeat check. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events: `ingest` with the integrations that got new data */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ready to ingest and serve
         * @description Answers within about 50 ms: 200 while the store has answered a read in the last 10 s (a read started by the probe, or the last one when the store is busy with a write), 503 `store_unavailable` with Retry-After once it has not.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Healthz"];
                    };
                };
                /** @description The store has not answered a read for 10 s */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenApiDocument"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How one can sign in: password, and single sign-on when configured */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            password: true;
                            oidc: {
                                name: string;
                                start: string;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling: user or token, role, scopes, tenants, and for a console session its CSRF token and step-up deadline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a username and password (and an authenticator code when the user has one)
         * @description Starts a console session: a new HttpOnly, SameSite=Lax cookie `sb_session` (Secure behind HTTPS) on every sign-in. The answer carries `csrf_token`, which every write made with the cookie must send as the `X-CSRF-Token` header. After five failures in a row the account is locked for 30 s, doubling with each further failure up to 15 minutes; an address that sends too many bad credentials is refused for a growing spell.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                        totp?: string;
                    };
                };
            };
            responses: {
                /** @description Signed in */
                200: {
                    headers: {
                        /** @description sb_session=…; Path=/; HttpOnly; SameSite=Lax (; Secure) */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description The body is not a username and password. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Wrong username, password or authenticator code (`invalid_credentials`), or a code is needed (`totp_required`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many attempts: this account is locked for a while after repeated failures (`locked`), this address has sent too many bad credentials (`too_many_failures`), or too many attempts a minute (`rate_limited`). Retry-After says when to try again. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this console session and clear its cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            redirect: string;
                        };
                    };
                };
                /** @description Done; no body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenSignedInWrite"];
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/step-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the password (and code) again: administration needs a sign-in from the last few minutes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        totp?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description The body is not a password. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Wrong username, password or authenticator code (`invalid_credentials`), or a code is needed (`totp_required`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                403: components["responses"]["ForbiddenSignedInWrite"];
                /** @description Too many attempts: this account is locked for a while after repeated failures (`locked`), this address has sent too many bad credentials (`too_many_failures`), or too many attempts a minute (`rate_limited`). Retry-After says when to try again. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own password (ends your other sessions) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current: string;
                        new: string;
                    };
                };
            };
            responses: {
                /** @description Done; no body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The new password is too short or too long. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Wrong username, password or authenticator code (`invalid_credentials`), or a code is needed (`totp_required`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                403: components["responses"]["ForbiddenSignedInWrite"];
                /** @description Too many attempts: this account is locked for a while after repeated failures (`locked`), this address has sent too many bad credentials (`too_many_failures`), or too many attempts a minute (`rate_limited`). Retry-After says when to try again. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/totp/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start setting up an authenticator app: a new secret and its otpauth:// URI (not in force until enabled) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            secret: string;
                            uri: string;
                        };
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenSignedInWrite"];
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/totp/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Require the authenticator app from now on, once a code from it proves it has the secret */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        secret: string;
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Done; no body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The code does not match the secret. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenSignedInWrite"];
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users, by id */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                    /** @description The `next` of the previous page. */
                    after?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: components["schemas"]["User"][];
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        /** Create a user; without a password, a one-time password is made (shown once) and must be changed at first sign-in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        name?: string;
                        /** @enum {unknown} */
                        role: "viewer" | "responder" | "admin";
                        /** @description The tenants the user or token is bound to; null or absent: every tenant. */
                        tenants?: string[] | null;
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["User"];
                            /** @description A local user's first password, to change at first sign-in; absent for single sign-on. */
                            one_time_password?: string;
                        };
                    };
                };
                /** @description A field is invalid; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdminWrite"];
                /** @description A user of this name exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's name, role or tenants, or disable them (which ends their sessions) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The user id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {unknown} */
                        role?: "viewer" | "responder" | "admin";
                        /** @description The tenants the user or token is bound to; null or absent: every tenant. */
                        tenants?: string[] | null;
                        disabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["User"];
                        };
                    };
                };
                /** @description A field is invalid, or you would lock yourself out. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdminWrite"];
                /** @description No such user. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a local user's password to a one-time password (shown once; ends their sessions) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The user id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            one_time_password: string;
                        };
                    };
                };
                /** @description The user signs in through single sign-on. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdminWrite"];
                /** @description No such user. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API tokens and ingest keys, newest first (never their secret) */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                    /** @description The `next` of the previous page. */
                    before?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tokens: components["schemas"]["Token"][];
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        /** Create a token with scopes (an ingest key is a token with the ingest scope alone); the secret is shown only in this answer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        scopes: ("ingest" | "read" | "respond" | "admin")[];
                        /** @description The tenants the user or token is bound to; null or absent: every tenant. */
                        tenants?: string[] | null;
                        expires_in_days?: number;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            scopes: ("ingest" | "read" | "respond" | "admin")[];
                            tenants: string[] | null;
                            expires_at: number | null;
                            /** @description The secret: sbt_… (sbk_… for an ingest key). */
                            token: string;
                            note: string;
                        };
                    };
                };
                /** @description A field is invalid; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdminWrite"];
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a token (it stops working within 5 s) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The token id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            revoked: boolean;
                            token: components["schemas"]["Token"];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdminWrite"];
                /** @description No such token. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail, newest first (reading it is itself recorded) */
        get: {
            parameters: {
                query?: {
                    /** @description Only entries by this username, token (token:<name>#<id>) or environment variable. */
                    actor?: string;
                    /** @description Only this action, e.g. silence.create, trace.read, auth.sign-in. */
                    action?: string;
                    integration?: string;
                    /** @description RFC 3339 or epoch milliseconds (inclusive). */
                    from?: string;
                    /** @description RFC 3339 or epoch milliseconds (exclusive). */
                    to?: string;
                    /** @description Only entries older than this id (the `next` of the previous page). */
                    before?: number;
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["AuditEntry"][];
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail as CSV, streamed (at most `max` entries, default 100,000) */
        get: {
            parameters: {
                query?: {
                    /** @description Only entries by this username, token (token:<name>#<id>) or environment variable. */
                    actor?: string;
                    /** @description Only this action, e.g. silence.create, trace.read, auth.sign-in. */
                    action?: string;
                    integration?: string;
                    /** @description RFC 3339 or epoch milliseconds (inclusive). */
                    from?: string;
                    /** @description RFC 3339 or epoch milliseconds (exclusive). */
                    to?: string;
                    /** @description Only entries older than this id (the `next` of the previous page). */
                    before?: number;
                    max?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/csv: id, ts, actor, actor_kind, address, action, outcome, integration, target, before, after, detail, hash */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["RateLimited"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit.ndjson": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail as NDJSON (one entry a line), streamed */
        get: {
            parameters: {
                query?: {
                    /** @description Only entries by this username, token (token:<name>#<id>) or environment variable. */
                    actor?: string;
                    /** @description Only this action, e.g. silence.create, trace.read, auth.sign-in. */
                    action?: string;
                    integration?: string;
                    /** @description RFC 3339 or epoch milliseconds (inclusive). */
                    from?: string;
                    /** @description RFC 3339 or epoch milliseconds (exclusive). */
                    to?: string;
                    /** @description Only entries older than this id (the `next` of the previous page). */
                    before?: number;
                    max?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/x-ndjson: one AuditEntry a line */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["RateLimited"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts: firing first, then pending, then resolved */
        get: {
            parameters: {
                query?: {
                    /** @description `active` is firing and pending; without it, every alert that ever left inactive. */
                    state?: "firing" | "pending" | "resolved" | "active";
                    /** @description Only alerts of this integration. */
                    integration?: string;
                    /** @description Items per page (default 500, at most 5000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: components["schemas"]["Alert"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Firings that began in the window, newest first, with when they resolved and how long they lasted */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only alerts of this integration. */
                    integration?: string;
                    /** @description Items per page (default 200, at most 2000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            episodes: components["schemas"]["AlertEpisode"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rules in force (the defaults of every catalogued integration and the alerting file), its channels (name and type only) and routes, and the problems of its last load */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AlertRules"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert with its state history and the delivery of each of its notifications */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The alert id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alert: components["schemas"]["Alert"];
                            events: components["schemas"]["AlertEvent"][];
                            deliveries: components["schemas"]["Delivery"][];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such alert. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge a firing alert: its repeat notifications stop until it resolves or is unacknowledged
         * @description Needs the respond permission; audited as alert.acknowledge. Who is the caller (a username, or token:<name>#<id>); `note` is optional. Acknowledging again replaces who and the note. The resolution still goes out, and ends the acknowledgement: the next firing pages again. Recorded in the alert's state history.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The alert id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such alert. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The alert is not firing (code alert_not_firing): only a firing alert can be acknowledged. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        /**
         * Take an acknowledgement back: the alert repeats again every repeatInterval while it fires
         * @description Needs the respond permission; audited as alert.unacknowledge.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The alert id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such alert. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The alert is not acknowledged (code alert_not_acknowledged). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/pagerduty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * PagerDuty v3 webhook: mirror an incident acknowledgement onto its alert
         * @description Public: the caller proves itself with X-PagerDuty-Signature (v1=<hex HMAC-SHA256 of the raw body>, with SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET). An incident.acknowledged event whose incident_key is a firing alert's fingerprint acknowledges it, by pagerduty:<agent>, audited as alert.acknowledge. Other events are answered 200 and ignored. Body at most 64 KiB.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            mirrored: boolean;
                            /** @description The alert acknowledged (when mirrored). */
                            alert?: number;
                            /** @description Why nothing was mirrored (when not). */
                            reason?: string;
                        };
                    };
                };
                /** @description Not JSON, or not a v3 webhook event. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The signature does not verify (code bad_signature). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No webhook secret is configured. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over 64 KiB. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/assignee": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Assign a firing or pending alert to a person
         * @description Needs the respond permission; audited as alert.assign. Replaces whoever had it; recorded in the alert's state history. Its later notifications (repeats, the resolution) say who has it. A resolution ends the assignment.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The alert id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description must be a name of 1 to 100 characters, without control characters */
                        assignee: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such alert. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The alert is neither firing nor pending (code alert_not_active). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        post?: never;
        /**
         * Take an alert's assignment away
         * @description Needs the respond permission; audited as alert.unassign.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The alert id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such alert. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The alert is not assigned (code alert_not_assigned). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/silences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Silences and maintenance windows, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description `true`: only those in force now. */
                    active?: "true" | "false";
                    /** @description Items per page (default 200, at most 2000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            silences: components["schemas"]["Silence"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        /**
         * Create a silence (matchers on alert labels) or a maintenance window (an integration)
         * @description A silenced alert still changes state and is recorded; its notifications are held back while the silence is in force, and a firing one goes out once it ends. Give `ends_at` or a `duration` (30m, 2h, 1d); `starts_at` defaults to now. A silence lasts at most 90 days and a maintenance window 366 (SWITCHBOARD_SILENCE_MAX_DAYS, SWITCHBOARD_MAINTENANCE_MAX_DAYS); longer is refused with code silence_too_long.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {unknown} */
                        kind?: "silence" | "maintenance";
                        matchers?: {
                            label: string;
                            value: string;
                            regex?: boolean;
                        }[];
                        integration?: string;
                        starts_at?: string | number;
                        ends_at?: string | number;
                        duration?: string;
                        author: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Silence"];
                    };
                };
                /** @description A field is missing or invalid; the message names it. Nothing is stored. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/silences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Expire a silence now */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The silence id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Silence"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such silence. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/dead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dead-lettered notifications: refused by their receiver, or failed on every attempt */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 1000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notifications: components["schemas"]["Delivery"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a dead-lettered notification again, from a fresh start */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The notification id. */
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @constant */
                            status: "pending";
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No dead-lettered notification with this id. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/budget": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Error budget of each SLO of a catalogued integration over its period, and how fast it burns now
         * @description One entry per SLO of its catalogue record: `success` (its success rate: a call is bad unless its outcome is ok) and `latency` (its p95 target: a call slower than it is bad; 95 % must be within). Every window ends with the minute under way. `budget_left` is 1 − bad ÷ allowed_bad over the period (default 30 days, `slo.period`): negative once overspent. `burn_rates` gives the burn over each window the default burn-rate rules read (5 min to 3 days): the bad share over the share the objective allows; 1 spends exactly the budget over the period. An integration without an SLO answers an empty list. See docs/alerting.md#error-budgets-and-burn-rates.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Budget"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration in the catalogue (or one of another tenant). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * End-to-end flow: order lead time p50/p95, exception rate, label success and tracking freshness, overall and per carrier and order channel
         * @description Read from the event and lead-time rollups (docs/flow.md). `operation` and `direction` are refused: they filter calls.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only events with this env (a lead time counts under its end event's). */
                    env?: string;
                    /** @description Only events with this site (a lead time counts under its end event's). */
                    site?: string;
                    /** @description Only events with this release (a lead time counts under its end event's). */
                    release?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FlowSummary"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flow/timeseries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The flow signals per step, overall, with label success and tracking age per carrier (columnar, for charts) */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only events with this env (a lead time counts under its end event's). */
                    env?: string;
                    /** @description Only events with this site (a lead time counts under its end event's). */
                    site?: string;
                    /** @description Only events with this release (a lead time counts under its end event's). */
                    release?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FlowTimeSeries"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus exposition: the integrations' signals under the requirement documents' names, and Switchboard's own health
         * @description Prometheus text format 0.0.4, or OpenMetrics 1.0.0 when the Accept header names application/openmetrics-text (as Prometheus sends); gzipped when Accept-Encoding takes gzip. Needs the read scope (Prometheus's `authorization` scrape setting) unless SWITCHBOARD_METRICS_PUBLIC=true. Every metric, its labels and how it is derived: docs/prometheus.md.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The exposition. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                        "application/openmetrics-text": string;
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/integrations/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * System overview: integrations by health status, runs by status, top integrations by volume, the error-rate trend
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/v1/admin/integrations/stats. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Top integrations listed (default 10, at most 100). */
                    top?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            integrations: {
                                total: number;
                                by_status: {
                                    healthy: number;
                                    degraded: number;
                                    down: number;
                                    unknown: number;
                                };
                            };
                            jobs: {
                                runs: number;
                                success: number;
                                failed: number;
                                partial: number;
                            };
                            top_integrations: {
                                integration: string;
                                calls: number;
                                errors: number;
                                error_rate: number | null;
                                runs: number;
                                failed_runs: number;
                                records: number;
                            }[];
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            error_trend: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                volume: number[];
                                errors: number[];
                                error_rate: (number | null)[];
                                runs: number[];
                                failed_runs: number[];
                            };
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/integrations/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health of every integration, a page at a time in id order, with its last successful run and its last 24 hours of calls and runs
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/v1/admin/integrations/health. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 1000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                    /** @description Only integrations in this status. */
                    status?: "healthy" | "degraded" | "down" | "unknown";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            counts: {
                                healthy: number;
                                degraded: number;
                                down: number;
                                unknown: number;
                            };
                            integrations: {
                                id: string;
                                /** @enum {string} */
                                status: "healthy" | "degraded" | "down" | "unknown";
                                reasons: string[];
                                since: number | null;
                                catalogued: boolean;
                                adapter: string | null;
                                /** @description Its newest successful run still kept (raw retention), epoch ms. */
                                last_success: number | null;
                                runs: number;
                                failed_runs: number;
                                calls: number;
                                errors: number;
                            }[];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/integrations/sync-activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The newest runs (default the last 100 of 24 hours), their totals and their trend
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/v1/admin/integrations/sync-activity. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                    /** @description Only this integration. */
                    integration?: string;
                    status?: "success" | "failed" | "partial";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            totals: {
                                runs: number;
                                failed: number;
                                records: number;
                            };
                            runs: {
                                id: number;
                                ts: number;
                                integration: string;
                                job: string;
                                /** @enum {string} */
                                status: "success" | "failed" | "partial";
                                duration_ms: number | null;
                                /** @description The sum of its counts. */
                                records: number;
                                counts: Record<string, never> | null;
                                error: string | null;
                            }[];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            trend: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                runs: number[];
                                failed: number[];
                                records: number[];
                                avg_duration_ms: (number | null)[];
                                records_per_second: (number | null)[];
                            };
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/integrations/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Errors by integration and by type (outcome classes and failed runs), their trend, and the newest failed runs
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/v1/admin/integrations/errors. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Items per page (default 50, at most 500). */
                    limit?: number;
                    /** @description Only this integration. */
                    integration?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            by_integration: {
                                integration: string;
                                calls: number;
                                errors: number;
                                error_rate: number | null;
                                by_type: {
                                    client_error: number;
                                    auth_error: number;
                                    rate_limited: number;
                                    server_error: number;
                                    timeout: number;
                                    network_error: number;
                                };
                                runs: number;
                                failed_runs: number;
                            }[];
                            by_type: {
                                client_error: number;
                                auth_error: number;
                                rate_limited: number;
                                server_error: number;
                                timeout: number;
                                network_error: number;
                                failed_runs: number;
                            };
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            trend: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                volume: number[];
                                errors: number[];
                                error_rate: (number | null)[];
                                runs: number[];
                                failed_runs: number[];
                            };
                            failed_runs: {
                                id: number;
                                ts: number;
                                integration: string;
                                job: string;
                                /** @enum {string} */
                                status: "success" | "failed" | "partial";
                                duration_ms: number | null;
                                /** @description The sum of its counts. */
                                records: number;
                                counts: Record<string, never> | null;
                                error: string | null;
                            }[];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/integrations/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Average run duration by integration, records processed per second, queue depth trends, call latency by adapter
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/v1/admin/integrations/performance. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Items per page (default 10, at most 100). */
                    limit?: number;
                    /** @description Only this integration. */
                    integration?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            run_duration: {
                                integration: string;
                                timed_runs: number;
                                avg_duration_ms: number | null;
                                records_per_second: number | null;
                            }[];
                            records: number;
                            /** @description Records of the runs that gave a duration, per second of their duration. */
                            records_per_second: number | null;
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            throughput: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                runs: number[];
                                failed: number[];
                                records: number[];
                                avg_duration_ms: (number | null)[];
                                records_per_second: (number | null)[];
                            };
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            queue_depth: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                queue_depth_max: (number | null)[];
                                queue_depth_mean: (number | null)[];
                                dlq_depth_max: (number | null)[];
                                dlq_depth_mean: (number | null)[];
                            };
                            latency_by_adapter: {
                                adapter: string | null;
                                integrations: number;
                                calls: number;
                                p50_ms: number | null;
                                p95_ms: number | null;
                                p99_ms: number | null;
                            }[];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/integrations/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * System overview: integrations by health status, runs by status, top integrations by volume, the error-rate trend
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/admin/integrations/stats. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Top integrations listed (default 10, at most 100). */
                    top?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            integrations: {
                                total: number;
                                by_status: {
                                    healthy: number;
                                    degraded: number;
                                    down: number;
                                    unknown: number;
                                };
                            };
                            jobs: {
                                runs: number;
                                success: number;
                                failed: number;
                                partial: number;
                            };
                            top_integrations: {
                                integration: string;
                                calls: number;
                                errors: number;
                                error_rate: number | null;
                                runs: number;
                                failed_runs: number;
                                records: number;
                            }[];
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            error_trend: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                volume: number[];
                                errors: number[];
                                error_rate: (number | null)[];
                                runs: number[];
                                failed_runs: number[];
                            };
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/integrations/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health of every integration, a page at a time in id order, with its last successful run and its last 24 hours of calls and runs
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/admin/integrations/health. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 1000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                    /** @description Only integrations in this status. */
                    status?: "healthy" | "degraded" | "down" | "unknown";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            counts: {
                                healthy: number;
                                degraded: number;
                                down: number;
                                unknown: number;
                            };
                            integrations: {
                                id: string;
                                /** @enum {string} */
                                status: "healthy" | "degraded" | "down" | "unknown";
                                reasons: string[];
                                since: number | null;
                                catalogued: boolean;
                                adapter: string | null;
                                /** @description Its newest successful run still kept (raw retention), epoch ms. */
                                last_success: number | null;
                                runs: number;
                                failed_runs: number;
                                calls: number;
                                errors: number;
                            }[];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/integrations/sync-activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The newest runs (default the last 100 of 24 hours), their totals and their trend
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/admin/integrations/sync-activity. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                    /** @description Only this integration. */
                    integration?: string;
                    status?: "success" | "failed" | "partial";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            totals: {
                                runs: number;
                                failed: number;
                                records: number;
                            };
                            runs: {
                                id: number;
                                ts: number;
                                integration: string;
                                job: string;
                                /** @enum {string} */
                                status: "success" | "failed" | "partial";
                                duration_ms: number | null;
                                /** @description The sum of its counts. */
                                records: number;
                                counts: Record<string, never> | null;
                                error: string | null;
                            }[];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            trend: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                runs: number[];
                                failed: number[];
                                records: number[];
                                avg_duration_ms: (number | null)[];
                                records_per_second: (number | null)[];
                            };
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/integrations/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Errors by integration and by type (outcome classes and failed runs), their trend, and the newest failed runs
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/admin/integrations/errors. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Items per page (default 50, at most 500). */
                    limit?: number;
                    /** @description Only this integration. */
                    integration?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            by_integration: {
                                integration: string;
                                calls: number;
                                errors: number;
                                error_rate: number | null;
                                by_type: {
                                    client_error: number;
                                    auth_error: number;
                                    rate_limited: number;
                                    server_error: number;
                                    timeout: number;
                                    network_error: number;
                                };
                                runs: number;
                                failed_runs: number;
                            }[];
                            by_type: {
                                client_error: number;
                                auth_error: number;
                                rate_limited: number;
                                server_error: number;
                                timeout: number;
                                network_error: number;
                                failed_runs: number;
                            };
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            trend: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                volume: number[];
                                errors: number[];
                                error_rate: (number | null)[];
                                runs: number[];
                                failed_runs: number[];
                            };
                            failed_runs: {
                                id: number;
                                ts: number;
                                integration: string;
                                job: string;
                                /** @enum {string} */
                                status: "success" | "failed" | "partial";
                                duration_ms: number | null;
                                /** @description The sum of its counts. */
                                records: number;
                                counts: Record<string, never> | null;
                                error: string | null;
                            }[];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/integrations/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Average run duration by integration, records processed per second, queue depth trends, call latency by adapter
         * @description Admin permission; a caller bound to tenants sees their integrations only. Also at /api/admin/integrations/performance. See docs/api.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default 24 hours before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Step width in ms: one of 60000, 120000, 300000, 600000, 1800000, 3600000, 10800000, 21600000, 43200000, 86400000, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than 1500 points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms). */
                    step?: number;
                    /** @description About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`. */
                    points?: number;
                    /** @description Items per page (default 10, at most 100). */
                    limit?: number;
                    /** @description Only this integration. */
                    integration?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            run_duration: {
                                integration: string;
                                timed_runs: number;
                                avg_duration_ms: number | null;
                                records_per_second: number | null;
                            }[];
                            records: number;
                            /** @description Records of the runs that gave a duration, per second of their duration. */
                            records_per_second: number | null;
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            throughput: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                runs: number[];
                                failed: number[];
                                records: number[];
                                avg_duration_ms: (number | null)[];
                                records_per_second: (number | null)[];
                            };
                            /** @description One point per step (t[i] is the start of step i), read from the rollup tiers. */
                            queue_depth: {
                                from: number;
                                to: number;
                                /** @description The step used. */
                                step_ms: number;
                                /** @description The step asked for, when it was raised to step_ms; else null. */
                                requested_step_ms: number | null;
                                /** @description The most points a series answers. */
                                max_points: number;
                                t: number[];
                                queue_depth_max: (number | null)[];
                                queue_depth_mean: (number | null)[];
                                dlq_depth_max: (number | null)[];
                                dlq_depth_mean: (number | null)[];
                            };
                            latency_by_adapter: {
                                adapter: string | null;
                                integrations: number;
                                calls: number;
                                p50_ms: number | null;
                                p95_ms: number | null;
                                p99_ms: number | null;
                            }[];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenAdmin"];
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current health of one integration, its newest status changes (`history`) and the recovery runs of the span they cover (`recovery_runs`) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationHealthHistory"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description Neither in the catalogue nor in the data, or of another tenant. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/health/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An integration's changes of health status, newest first, a page at a time */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 1000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            integration: string;
                            changes: components["schemas"]["HealthChange"][];
                            /** @description The recovery runs (one-click and automatic) from the page's oldest change up to the change before the page (on the last page, back to the first run), newest first, at most 500: paging through the changes meets every run once. */
                            recovery_runs: components["schemas"]["RecoveryRunSummary"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description Neither in the catalogue nor in the data, or of another tenant. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/health/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run every check the catalogue gives the integration now, then judge its health again (each check at most once every 10 s) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationHealthChecked"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description Neither in the catalogue nor in the data, or of another tenant. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current health of one integration, its newest status changes (`history`) and the recovery runs of the span they cover (`recovery_runs`) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationHealthHistory"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description Neither in the catalogue nor in the data, or of another tenant. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/health/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An integration's changes of health status, newest first, a page at a time */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page (default 100, at most 1000). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            integration: string;
                            changes: components["schemas"]["HealthChange"][];
                            /** @description The recovery runs (one-click and automatic) from the page's oldest change up to the change before the page (on the last page, back to the first run), newest first, at most 500: paging through the changes meets every run once. */
                            recovery_runs: components["schemas"]["RecoveryRunSummary"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description Neither in the catalogue nor in the data, or of another tenant. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{id}/health/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run every check the catalogue gives the integration now, then judge its health again (each check at most once every 10 s) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationHealthChecked"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description Neither in the catalogue nor in the data, or of another tenant. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trace/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A trace read as a timeline: steps, repeats grouped, retries and failures, milestones, missing steps
         * @description The records of GET /api/v1/trace for the same id, oldest first, as steps (each with the gap to the one before) and groups of the same call repeated in a row with the same outcome. Each flow step (order.received, shipment.created, label.created, carrier.confirmed, tracking.updated, exception.resolved) is expected within a configurable time after the one before it; `expectations` judges each (met, late, waiting, missing) and `missing` says in words what is overdue. See docs/tracing.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Give exactly one of the three. */
                    order_id?: string;
                    /** @description Give exactly one of the three. */
                    shipment_id?: string;
                    /** @description Give exactly one of the three. */
                    correlation_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {unknown} */
                            kind: "order_id" | "shipment_id" | "correlation_id";
                            id: string;
                            /** @description The id again under its own name, as GET /api/v1/trace answers it: only the one asked for. */
                            order_id?: string;
                            /** @description The id again under its own name, as GET /api/v1/trace answers it: only the one asked for. */
                            shipment_id?: string;
                            /** @description The id again under its own name, as GET /api/v1/trace answers it: only the one asked for. */
                            correlation_id?: string;
                            /** @description More records than `max_records`: the first ones are shown and judged. */
                            truncated: boolean;
                            max_records: number;
                            /** @description The time of the answer, epoch ms. */
                            as_of: number;
                            /** @description The time expectations are judged at: `as_of`, or the last record shown when truncated. */
                            judged_at: number;
                            /** @description Of the first record; null when only log lines carry the id. */
                            first_ts: number | null;
                            last_ts: number | null;
                            /** @description Counts of records, calls, events, runs, gauges, failures and retries. */
                            summary: {
                                records: number;
                                calls: number;
                                events: number;
                                runs: number;
                                gauges: number;
                                failures: number;
                                retries: number;
                            };
                            integrations: {
                                id: string;
                                records: number;
                                failures: number;
                            }[];
                            /** @description The order, shipment and correlation ids the records carry (at most 20 of each). */
                            related: {
                                order_ids: string[];
                                shipment_ids: string[];
                                correlation_ids: string[];
                            };
                            milestones: components["schemas"]["TraceMilestone"][];
                            /** @description What is overdue, in words: "no carrier confirmation 2 h 10 min after the label was created". */
                            missing: string[];
                            expectations: components["schemas"]["TraceExpectation"][];
                            steps: (components["schemas"]["TraceStep"] | components["schemas"]["TraceGroup"])[];
                            /** @description The log lines carrying the trace's order, shipment or correlation ids (docs/logs.md), oldest first, at most 500. */
                            logs: components["schemas"]["StoredLogLine"][];
                            logs_truncated: boolean;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No stored record carries the id. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trace/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which kind of id a string is: order, shipment or correlation id (one indexed lookup each) */
        get: {
            parameters: {
                query: {
                    /** @description The id; surrounding spaces are ignored. */
                    q: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            q: string;
                            /** @description The string is more than one kind of id. */
                            ambiguous: boolean;
                            matches: {
                                /** @enum {unknown} */
                                kind: "order_id" | "shipment_id" | "correlation_id";
                                id: string;
                                /** @description Records carrying the id, counted up to 5,000. */
                                records: number;
                                more: boolean;
                                first_ts: number;
                                last_ts: number;
                            }[];
                        };
                    };
                };
                /** @description q is missing, empty or longer than 128 characters. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description The string is no kind of id of any stored record. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest structured log lines of the integrations
         * @description A JSON array of log lines, or one per line (NDJSON), in the integration-monitoring shape (camelCase: timestamp, level, service, operation, tenantId, integrationId, metadata; optional message) or its snake_case twin (tenant_id, integration_id). The keys, limits, per-line rejections, redaction and durability of /api/v1/ingest: every valid line is committed before the answer. See docs/logs.md.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LogLine"][];
                    "application/x-ndjson": components["schemas"]["LogLine"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted: number;
                            rejected: {
                                index: number;
                                error: string;
                            }[];
                            /** @description The runs and calls committed with the lines they were derived from (docs/logs.md, "Derived signals"); skipped: derived records that did not validate or were past a cardinality limit (their lines are kept). */
                            derived: {
                                runs: number;
                                calls: number;
                                skipped: number;
                            };
                        };
                    };
                };
                /** @description The body cannot be parsed at all; the message says where. Nothing is stored. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["UnauthorizedIngest"];
                403: components["responses"]["ForbiddenIngest"];
                /** @description The body or its line count is over the configured limit. Nothing is stored. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Content-Type is neither application/json nor application/x-ndjson. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OTLP/HTTP logs: log records become log lines
         * @description The standard OTLP/HTTP logs path, for OpenTelemetry SDK and Collector exporters. The body is an ExportLogsServiceRequest in either encoding, optionally gzip or deflate encoded; the answer uses the request's encoding. Each record is mapped to a line of POST /api/v1/logs (severity to level, body to message, attributes to metadata, the integration from the attribute switchboard.integration of the record or its resource, service.name to service, trace and span ids kept; docs/logs.md, "OTLP") and stored the same way. A 200 is sent after the commit; rejected records are counted and explained in partialSuccess.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The body limit applies after decompression too. */
                    "Content-Encoding"?: "gzip" | "deflate" | "identity";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-protobuf": string;
                    "application/json": {
                        resourceLogs?: Record<string, never>[];
                    };
                };
            };
            responses: {
                /** @description Committed. partialSuccess is set only when records were rejected. The Switchboard-Logs header counts accepted and rejected records and the runs and calls derived. */
                200: {
                    headers: {
                        /** @description e.g. "accepted=18, rejected=1, derived_runs=2, derived_calls=5" */
                        "Switchboard-Logs"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            partialSuccess?: {
                                rejectedLogRecords: string;
                                errorMessage: string;
                            };
                        };
                        "application/x-protobuf": string;
                    };
                };
                /** @description The body cannot be decoded; the message says where. Nothing is stored. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                401: components["responses"]["UnauthorizedIngestOtlp"];
                403: components["responses"]["ForbiddenIngestOtlp"];
                /** @description The body, before or after decompression, or its count of records is over the configured limit. Nothing is stored. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                /** @description Content-Type is neither application/x-protobuf nor application/json, or the Content-Encoding is not supported. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RpcStatus"];
                        "application/x-protobuf": string;
                    };
                };
                429: components["responses"]["TooManyFailuresOtlp"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An integration's log lines, newest first: by level, operation and text, in a window
         * @description Lines of the window (default: the last hour; as far back as SWITCHBOARD_RETENTION_LOGS_DAYS), newest first, a page at a time. Text search is case-insensitive over the message, the operation and the metadata. Audited as a read of partner records.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Only these levels, comma-separated (trace, debug, info, warn, error, fatal). */
                    level?: string;
                    /** @description Only this operation. */
                    operation?: string;
                    /** @description Only lines containing this text (case-insensitive). */
                    q?: string;
                    /** @description Only the lines of this error type (GET …/logs/errors). */
                    fingerprint?: string;
                    /** @description Items per page (default 100, at most 500). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            logs: components["schemas"]["StoredLogLine"][];
                            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
                            next: string | null;
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration, or one the caller may not see. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/logs/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An integration's top error types: warn, error and fatal lines grouped by their normalised message
         * @description Groups ordered by their lines in the window (default: the last 24 hours), each with its pattern (numbers, ids, quoted values, hex and UUIDs replaced), newest sample, first and last seen, lines in the window before (as long), trend (new: first seen in the window; rising: twice the window before or more; falling: half or less; else steady) and a trend line of about 24 points. See docs/logs.md, "Error groups". Audited as a read of partner records.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                    /** @description Items per page (default 20, at most 100). */
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            step_ms: number;
                            /** @description The start of each point of the trend lines. */
                            t: number[];
                            groups: components["schemas"]["LogErrorGroup"][];
                        };
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration, or one the caller may not see. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/recovery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An integration's recovery actions, which fit its problems now, and their runs
         * @description Actions come from `spec.recovery` of its catalogue record, shown with `${ENV}` references as written (never their values). `problems` are the outcome classes of its firing alerts (of `alert` when given); `fits` marks the actions declared for one of them, listed first. Runs are newest first, of the alert when given. Audited (recovery.read).
         */
        get: {
            parameters: {
                query?: {
                    /** @description An alert of this integration: its problem, and only its runs. */
                    alert?: number;
                    /** @description Items per page (default 20, at most 500). */
                    limit?: number;
                    /** @description The `next` of the page before (opaque); leave it out for the first page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RecoveryOffer"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration (or one of another tenant), or no such alert of it. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/recovery/{action}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a recovery action now (one click)
         * @description An http action sends its request once, under its timeout, with `${ENV}` secrets read from the server environment at that moment; the answer is recorded with its status, time and an excerpt scrubbed of every secret. A link action is recorded as opened and answers its `url`. With `alert_id` the run also goes on that alert's timeline. Audited (recovery.run); rate-limited like every write. A second run of the same action while one is under way answers 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    action: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description The alert the action is run for: the run goes on its timeline. */
                        alert_id?: number;
                    } | null;
                };
            };
            responses: {
                /** @description The run, as recorded (whatever its outcome). */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RecoveryRun"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such integration, action, or alert of the integration. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The action is running already (code recovery_running). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Incidents (degraded or down spells) with detection, acknowledgement and recovery, customer reports, MTTD, MTTR and the detected-before-reported share
         * @description Over the window (default the last 30 days, at most 400). An incident starts at the earliest evidence (the health change, or the breach of an alert that fired for it up to 15 min before), is detected when its first alert fired, recovered when health is back to healthy. A customer report during an incident counts as detected before reported when an alert had fired by then; a report outside every incident counts as not detected. Audited (incidents.read).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive); default one hour before `to`. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    from?: string;
                    /** @description End of the window (exclusive); default now. RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used. */
                    to?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Incidents"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration (or one of another tenant). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["TooManyFailures"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that a customer reported a problem with the integration (support)
         * @description Audited (customer_report.create). Counted by the incident figures of the window it falls in.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The support ticket reference, e.g. "ZD-48213". */
                        ticket: string;
                        /** @description When the customer reported it (RFC 3339 or epoch ms); default now. */
                        reported_at?: string | number;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CustomerReport"];
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRespondWrite"];
                /** @description No such integration (or one of another tenant). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Report of one integration over a window (default last month): availability against its SLO, error budget spent, incidents with MTTD and MTTR, detected-before-reported share, worst operations
         * @description Availability and budget from the per-integration rollups, read once per segment of the window; the budgets (success and latency SLO) are computed as GET /budget computes its period; incidents and figures exactly as GET /incidents gives them for the same window; the worst operations are the five with the most failed calls. CSV: one figure a row (section, item, figure, value). Audited (report.read).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive), RFC 3339 or epoch ms; default 30 days before `to`, or, with neither given, the first day of last month (UTC). Clamped to what the rollups keep; at most 400 days. */
                    from?: string;
                    /** @description End of the window (exclusive); default now, or, with neither given, the first day of this month (UTC). */
                    to?: string;
                    /** @description csv: text/csv with a header row, as an attachment. */
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationReport"];
                        "text/csv": string;
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                /** @description No such integration (or one of another tenant). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Report of every integration the caller may see over a window (default last month): one row each with the headline figures
         * @description In integration id order, at most 200 a page (`limit`); `next` is the `after` of the next page. CSV columns: integration, tenant, volume, ok, success_rate, slo_target, meets_slo, budget_spent, latency_threshold_ms, latency_budget_spent, incidents, mttd_ms, mttr_ms, reports, detected_before_reported, detected_before_reported_share. Audited (reports.read).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the window (inclusive), RFC 3339 or epoch ms; default 30 days before `to`, or, with neither given, the first day of last month (UTC). Clamped to what the rollups keep; at most 400 days. */
                    from?: string;
                    /** @description End of the window (exclusive); default now, or, with neither given, the first day of this month (UTC). */
                    to?: string;
                    /** @description csv: text/csv with a header row, as an attachment. */
                    format?: "json" | "csv";
                    limit?: number;
                    /** @description The `next` of the page before. */
                    after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantReport"];
                        "text/csv": string;
                    };
                };
                /** @description A parameter is invalid, out of range, given twice or too long; the message names it. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                401: components["responses"]["Unauthorized"];
                403: components["responses"]["ForbiddenRead"];
                429: components["responses"]["RateLimited"];
                /** @description Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again. */
                503: {
                    headers: {
                        /** @description Seconds to wait. */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: string;
            code: string;
        };
        /** @description google.rpc.Status, as OTLP/HTTP error bodies carry it. */
        RpcStatus: {
            /** @description gRPC status code */
            code: number;
            message: string;
        };
        ExportTraceServiceResponse: {
            partialSuccess?: {
                /** @description int64, as a decimal string */
                rejectedSpans: string;
                errorMessage: string;
            };
        };
        Healthz: {
            /** @constant */
            status: "ok";
        };
        /** @description An OpenAPI 3.1 document (this one); its parts are as the OpenAPI specification defines them. */
        OpenApiDocument: {
            /** @constant */
            openapi: "3.1.0";
            info: Record<string, never>;
            paths: Record<string, never>;
            components: Record<string, never>;
        } & {
            [key: string]: unknown;
        };
        Record: components["schemas"]["CallRecord"] | components["schemas"]["RunRecord"] | components["schemas"]["EventRecord"] | components["schemas"]["GaugeRecord"];
        CallRecord: {
            /** @constant */
            kind: "call";
            /** @description RFC 3339 timestamp or integer epoch milliseconds; for a run, its finish time. */
            ts: string | number;
            /** @description The catalogue id of the integration. */
            integration: string;
            /** @description Defaults to "production". */
            env?: string;
            site?: string;
            release?: string;
            tenant?: string;
            correlation_id?: string;
            order_id?: string;
            shipment_id?: string;
            /** @description Flat: string, number or boolean values (strings up to 1000 characters), keys up to 128 characters. */
            attrs?: {
                [key: string]: string | number | boolean;
            };
            /** @enum {unknown} */
            direction: "outbound" | "inbound";
            operation: string;
            status?: number;
            error?: string;
            /** @description At most 24 hours. */
            latency_ms: number;
            attempt?: number;
        };
        RunRecord: {
            /** @constant */
            kind: "run";
            /** @description RFC 3339 timestamp or integer epoch milliseconds; for a run, its finish time. */
            ts: string | number;
            /** @description The catalogue id of the integration. */
            integration: string;
            /** @description Defaults to "production". */
            env?: string;
            site?: string;
            release?: string;
            tenant?: string;
            correlation_id?: string;
            order_id?: string;
            shipment_id?: string;
            /** @description Flat: string, number or boolean values (strings up to 1000 characters), keys up to 128 characters. */
            attrs?: {
                [key: string]: string | number | boolean;
            };
            job: string;
            /** @enum {unknown} */
            status: "success" | "failed" | "partial";
            /** @description At most 7 days. */
            duration_ms?: number;
            counts?: {
                [key: string]: number;
            };
            error?: string;
        };
        EventRecord: {
            /** @constant */
            kind: "event";
            /** @description RFC 3339 timestamp or integer epoch milliseconds; for a run, its finish time. */
            ts: string | number;
            /** @description The catalogue id of the integration. */
            integration: string;
            /** @description Defaults to "production". */
            env?: string;
            site?: string;
            release?: string;
            tenant?: string;
            correlation_id?: string;
            order_id?: string;
            shipment_id?: string;
            /** @description Flat: string, number or boolean values (strings up to 1000 characters), keys up to 128 characters. */
            attrs?: {
                [key: string]: string | number | boolean;
            };
            name: string;
        };
        GaugeRecord: {
            /** @constant */
            kind: "gauge";
            /** @description RFC 3339 timestamp or integer epoch milliseconds; for a run, its finish time. */
            ts: string | number;
            /** @description The catalogue id of the integration. */
            integration: string;
            /** @description Defaults to "production". */
            env?: string;
            site?: string;
            release?: string;
            tenant?: string;
            correlation_id?: string;
            order_id?: string;
            shipment_id?: string;
            /** @description Flat: string, number or boolean values (strings up to 1000 characters), keys up to 128 characters. */
            attrs?: {
                [key: string]: string | number | boolean;
            };
            name: string;
            value: number;
        };
        /**
         * @description viewer: read; responder: read, respond; admin: read, respond, admin.
         * @enum {unknown}
         */
        Role: "viewer" | "responder" | "admin";
        Session: {
            /** @enum {unknown} */
            kind: "user" | "token" | "environment";
            name: string;
            username: string | null;
            /** @enum {string|null} */
            role: "viewer" | "responder" | "admin" | null;
            scopes: ("ingest" | "read" | "respond" | "admin")[];
            tenants: string[] | null;
            /** @description Send as X-CSRF-Token on every write made with the session cookie. */
            csrf_token: string | null;
            authenticated_at: number | null;
            /** @description Administration needs a step-up after this (epoch ms). */
            step_up_until: number | null;
            /** @description password, password+totp or sso. */
            method: string | null;
            sso: boolean;
            totp: boolean;
            must_change_password: boolean;
        };
        User: {
            id: number;
            username: string;
            name: string;
            role: components["schemas"]["Role"];
            tenants: string[] | null;
            sso: boolean;
            totp: boolean;
            must_change_password: boolean;
            created_at: number;
            last_sign_in_at: number | null;
            disabled_at: number | null;
            locked_until: number | null;
        };
        Token: {
            id: number;
            name: string;
            /** @description The first characters of the secret, to recognise it. */
            prefix: string;
            scopes: ("ingest" | "read" | "respond" | "admin")[];
            tenants: string[] | null;
            created_by: string | null;
            created_at: number;
            expires_at: number | null;
            last_used_at: number | null;
            revoked_at: number | null;
        };
        /** @description A JSON object whose fields depend on the action (a record in its API shape, or the facts the action noted); null when the action has none. */
        AuditValue: {
            [key: string]: unknown;
        } | null;
        AuditEntry: {
            id: number;
            ts: number;
            actor: string;
            /** @description user, token, environment, anonymous, webhook (a receiver calling back), cli (a command on the host) or system (a configuration reload). */
            actor_kind: string;
            address: string | null;
            action: string;
            /** @enum {unknown} */
            outcome: "ok" | "refused" | "failed";
            integration: string | null;
            target: string | null;
            /** @description The record as it was before the change (users, tokens), when the action changed one. */
            before: components["schemas"]["AuditValue"];
            /** @description The record as the change left it or made it (a user, a token, a silence, an acknowledgement, a customer report, a recovery run). */
            after: components["schemas"]["AuditValue"];
            /** @description What else the action recorded: a read's query and status, a sign-in's method or refusal reason, a reload's counts. */
            detail: components["schemas"]["AuditValue"];
            prev_hash: string;
            /** @description SHA-256 of the entry's id, content and the previous entry's hash. */
            hash: string;
        };
        AlertRule: {
            name: string;
            /** @enum {unknown} */
            kind: "error_rate" | "latency" | "rate_limit" | "volume_drop" | "freshness" | "run_failures" | "count_drop" | "gauge" | "business_exception_rate" | "label_success_rate" | "lead_time" | "burn_rate" | "log_errors";
            /** @description A catalogue id, or "*" for every integration. */
            integration: string;
            env?: string;
            site?: string;
            operation?: string;
            /** @enum {unknown} */
            direction?: "inbound" | "outbound";
            /** @enum {unknown} */
            severity: "critical" | "warning" | "info";
            labels: {
                [key: string]: string;
            };
            forMs: number;
            keepFiringForMs: number;
            minVolume: number;
            windowMs: number;
            repeatIntervalMs: number;
            runbook?: string;
            /** @enum {unknown} */
            outcome?: "server_error" | "timeout" | "auth_error" | "network_error";
            threshold?: number;
            usual?: number;
            count?: number;
            quantile?: number;
            thresholdMs?: number;
            startEvent?: string;
            endEvent?: string;
            /** @enum {unknown} */
            baseline?: "last_week" | "trailing";
            fraction?: number;
            event?: string;
            job?: string;
            maxAgeMs?: number;
            consecutive?: number;
            countName?: string;
            percent?: number;
            runs?: number;
            gauge?: string;
            above?: number;
            /** @enum {unknown} */
            slo?: "success" | "latency";
            objective?: number;
            burnPairs?: {
                longMs: number;
                shortMs: number;
                factor: number;
            }[];
            /** @enum {unknown} */
            logLevel?: "error" | "warn";
            logJump?: number;
            logMinLines?: number;
            logBaselineMs?: number;
            logNewTypes?: boolean;
            /** @description A default of a catalogued integration, or a rule of the alerting file (and where in it). */
            source: {
                /** @constant */
                origin: "default";
            } | {
                /** @constant */
                origin: "file";
                file: string;
                line: number;
            };
        };
        /** @description A caller bound to tenants sees the rules and routes of its integrations (and those of every integration), and neither the file nor its problems. */
        AlertRules: {
            /** @description The alerting file, when one is loaded. */
            file: string | null;
            /** @description What its last load refused, where. */
            problems: {
                file: string;
                line: number;
                column: number;
                message: string;
            }[];
            rules: components["schemas"]["AlertRule"][];
            channels: {
                name: string;
                /** @enum {unknown} */
                type: "slack" | "webhook" | "email" | "pagerduty" | "alertmanager";
            }[];
            routes: {
                match?: {
                    [key: string]: string;
                };
                channels: string[];
                continue?: boolean;
            }[];
        };
        NotificationContext: {
            /** @enum {unknown} */
            kind: "firing" | "repeat" | "resolved";
            alert: {
                id: number;
                fingerprint: string;
                rule: string;
                /** @description The rule's kind, e.g. error_rate, latency, freshness. */
                ruleKind: string;
                /** @enum {unknown} */
                state: "inactive" | "pending" | "firing" | "resolved";
                /** @enum {unknown} */
                severity: "critical" | "warning" | "info";
                labels: {
                    [key: string]: string;
                };
                summary: string;
                value: number | null;
                threshold: number | null;
                /** @description The window the value was measured over. */
                windowMs: number;
                startedAt: number;
                resolvedAt: number | null;
                durationMs: number | null;
                /** @description The person on-call assigned it to (absent from older notifications). */
                assignee?: string | null;
            };
            integration: {
                id: string;
                title: string;
                partner: string | null;
                owner: string | null;
                escalation: string | null;
            };
            trend: {
                stepMs: number;
                values: (number | null)[];
                sparkline: string;
                /** @description When each value was measured, oldest first (absent from older notifications). */
                times?: number[];
            };
            links: {
                console: string;
                runbook: string | null;
                /** @description The alert's console page, where on-call acknowledges it; absent on resolution and in older notifications. */
                acknowledge?: string;
            };
            firstSteps: string[];
            /** @description What the failure means in plain words and the next step (absent in older notifications). */
            advice?: components["schemas"]["Advice"] | null;
            /** @description What recovery actions did while the alert fired (docs/recovery.md); absent when none could have run and in older notifications. */
            recovery?: {
                /** @description The latest runs of the integration's actions since the alert fired, oldest first (at most five). */
                runs: {
                    action: string;
                    /** @enum {unknown} */
                    trigger: "manual" | "automatic";
                    actor: string;
                    attempt: number;
                    /** @description When it started (epoch ms). */
                    at: number;
                    ms: number;
                    outcome: string;
                    status: number | null;
                    error: string | null;
                }[];
                /** @description Runs in all (more than `runs` holds when it was cut to five). */
                total: number;
                /** @description After the last run that acted: when the failures the alert judges stopped; null without such a run, and while firing until a minute has passed without a failure. */
                failuresStoppedAt: number | null;
                /** @description On the update an automatic attempt sends: when the next attempt is due, or null when none will follow. */
                nextAttemptAt?: number | null;
                /** @description True on the update sent because an automatic attempt finished. */
                update?: boolean;
            } | null;
            samples: {
                ts: number;
                operation: string | null;
                status: number | null;
                error: string | null;
                correlation_id: string | null;
                order_id: string | null;
            }[];
            grouped: {
                rule: string;
                summary: string;
                /** @enum {unknown} */
                severity: "critical" | "warning" | "info";
            }[];
            /** @description log_errors: the error type the alert fired on (its summary names it while it breaches; a resolved alert keeps it). Absent for other kinds and in older notifications. */
            errorType?: {
                fingerprint: string;
                pattern: string;
                sample: string;
            };
        };
        /** @description One rule × integration × labels, with its lifecycle: inactive → pending → firing → resolved. */
        Alert: {
            id: number;
            fingerprint: string;
            rule: string;
            integration: string;
            labels: {
                [key: string]: string;
            };
            /** @enum {unknown} */
            severity: "critical" | "warning" | "info";
            /** @enum {unknown} */
            state: "inactive" | "pending" | "firing" | "resolved";
            value: number | null;
            threshold: number | null;
            /** @description What crossed what, in words. */
            summary: string;
            pending_since: number | null;
            fired_at: number | null;
            resolved_at: number | null;
            last_breach_at: number | null;
            last_evaluated_at: number;
            last_notified_at: number | null;
            /** @description Firing to resolved, or firing so far. */
            duration_ms: number | null;
            /** @description The context of its last notification: trend, links (console, runbook, acknowledge), first triage steps, sample failures, contacts; for log_errors, the error type it names. */
            context: components["schemas"]["NotificationContext"] | null;
            /** @description Who acknowledged the current firing, when, and why; null when nobody has. */
            acknowledgement: {
                at: number;
                by: string;
                note: string | null;
            } | null;
            /** @description Whom the alert is assigned to, who assigned it and when; null when nobody has it. */
            assignment: {
                to: string;
                by: string;
                at: number;
            } | null;
        };
        AlertEvent: {
            id: number;
            ts: number;
            /** @enum {unknown} */
            from_state: "inactive" | "pending" | "firing" | "resolved";
            /** @enum {unknown} */
            to_state: "inactive" | "pending" | "firing" | "resolved";
            value: number | null;
            note: string | null;
        };
        AlertEpisode: {
            alert_id: number;
            rule: string;
            integration: string;
            /** @enum {unknown} */
            severity: "critical" | "warning" | "info";
            fired_at: number;
            resolved_at: number | null;
            duration_ms: number | null;
            summary: string | null;
        };
        Delivery: {
            id: number;
            alertId: number;
            channel: string;
            /** @enum {unknown} */
            kind: "firing" | "repeat" | "resolved";
            /** @enum {unknown} */
            status: "pending" | "sending" | "delivered" | "dead";
            attempts: number;
            nextAttemptAt: number | null;
            lastError: string | null;
            createdAt: number;
            deliveredAt: number | null;
        };
        Silence: {
            id: number;
            /** @enum {unknown} */
            kind: "silence" | "maintenance";
            matchers: {
                label: string;
                value: string;
                /** @description Present (true) on a regular-expression matcher only. */
                regex?: boolean;
            }[];
            starts_at: number;
            ends_at: number;
            author: string;
            reason: string;
            created_at: number;
            expired_at: number | null;
            active: boolean;
        };
        Budget: {
            integration: string;
            /** @description End of every window, epoch ms. */
            to: number;
            objectives: {
                /** @enum {unknown} */
                kind: "success" | "latency";
                /** @description Share of calls that must be good (0.999 = 99.9 %). */
                target: number;
                /** @description latency: a call slower than this is bad. */
                threshold_ms: number | null;
                period_ms: number;
                volume: number;
                bad: number;
                allowed_bad: number;
                /** @description Share of the budget not spent; negative once overspent. */
                budget_left: number;
                burn_rates: {
                    window_ms: number;
                    volume: number;
                    bad: number;
                    /** @description null without calls. */
                    burn_rate: number | null;
                }[];
            }[];
        };
        FlowSummary: {
            from: number;
            /** @description The window actually used, epoch ms. */
            to: number;
            lead_time: {
                /** @description Lead times whose end event fell in the window. */
                count: number;
                p50_ms: number | null;
                p95_ms: number | null;
            } & {
                start_event: string;
                end_event: string;
            };
            /** @description order.received events. */
            orders: number;
            /** @description exception.raised events. */
            exceptions: number;
            /** @description exceptions / orders; null without orders. */
            exception_rate: number | null;
            /** @description Exceptions no order channel was found for: no link from the exception to an order's order.received in the raw records, or past the first 5000 read. The origins' exceptions and these add up to exceptions. */
            exceptions_unattributed: number;
            labels: {
                created: number;
                failed: number;
                /** @description created / (created + failed). */
                success_rate: number | null;
            };
            tracking: {
                updates: number;
                last_update_at: number | null;
                /** @description Age of the newest tracking.updated of any carrier at the end of the window (or now). */
                age_ms: number | null;
                stalest: {
                    integration: string;
                    last_update_at: number;
                    age_ms: number;
                } | null;
            };
            carriers: components["schemas"]["CarrierFlow"][];
            origins: components["schemas"]["OriginFlow"][];
        };
        CarrierFlow: {
            integration: string;
            shipments: number;
            labels_created: number;
            labels_failed: number;
            label_success_rate: number | null;
            tracking_updates: number;
            /** @description The newest tracking.updated, looking back up to 30 days before the window. */
            last_tracking_update_at: number | null;
            tracking_age_ms: number | null;
            exceptions: number;
            /** @description Exceptions it raised per shipment created for it. */
            exception_rate: number | null;
            /** @description Lead times whose end event it sent. */
            lead_time: {
                /** @description Lead times whose end event fell in the window. */
                count: number;
                p50_ms: number | null;
                p95_ms: number | null;
            };
        };
        OriginFlow: {
            integration: string;
            orders: number;
            /** @description Exceptions raised, by any integration (usually a carrier), for the orders it received: linked by order_id, or by shipment_id to a record naming the order. */
            exceptions: number;
            /** @description Those exceptions per order it received. */
            exception_rate: number | null;
            /** @description Lead times of the orders it received. */
            lead_time: {
                /** @description Lead times whose end event fell in the window. */
                count: number;
                p50_ms: number | null;
                p95_ms: number | null;
            };
        };
        FlowTimeSeries: {
            from: number;
            to: number;
            /** @description The step used. */
            step_ms: number;
            /** @description The step asked for, when it was raised to step_ms; else null. */
            requested_step_ms: number | null;
            /** @description The most points a series answers. */
            max_points: number;
            lead_time: {
                start_event: string;
                end_event: string;
            };
            /** @description Columnar: t[i] is the start of step i. */
            series: {
                t: number[];
                orders: number[];
                exceptions: number[];
                exception_rate: (number | null)[];
                labels_created: number[];
                labels_failed: number[];
                label_success_rate: (number | null)[];
                lead_times: number[];
                lead_time_p50_ms: (number | null)[];
                lead_time_p95_ms: (number | null)[];
                /** @description Age of the newest tracking update of any carrier at the end of each step; null for steps not begun. */
                tracking_age_ms: (number | null)[];
            };
            carriers: {
                integration: string;
                label_success_rate: (number | null)[];
                tracking_age_ms: (number | null)[];
            }[];
        };
        TraceStep: {
            /** @constant */
            type: "step";
            record_id: number;
            ts: number;
            /** @description Since the step (or group) before; null for the first. */
            gap_ms: number | null;
            integration: string;
            /** @enum {unknown} */
            kind: "call" | "run" | "event" | "gauge";
            /** @description The operation of a call, the job of a run, the name of an event or gauge. */
            name: string | null;
            direction: string | null;
            /** @description A call's outcome class or a run's status. */
            outcome: string | null;
            /** @description A call that was not ok, a run that did not succeed, a label.failed or exception.raised event. */
            failed: boolean;
            /** @description A call's HTTP status or a run's status. */
            status: number | string | null;
            error: string | null;
            /** @description A call's latency or a run's duration. */
            latency_ms: number | null;
            attempt: number | null;
            /** @description attempt > 1, or the same call (integration, direction, operation) failed just before. */
            retry: boolean;
            /** @description A failed call made again later in the trace. */
            retried: boolean;
            /** @description The flow signal this event is, if it is one. */
            milestone: string | null;
            order_id: string | null;
            shipment_id: string | null;
            correlation_id: string | null;
            attrs: Record<string, never> | null;
        };
        /** @description The same call repeated in a row with the same outcome. */
        TraceGroup: {
            /** @constant */
            type: "group";
            /** @description Since the step (or group) before; null for the first. */
            gap_ms: number | null;
            integration: string;
            /** @enum {unknown} */
            kind: "call" | "run" | "event" | "gauge";
            /** @description The operation of a call, the job of a run, the name of an event or gauge. */
            name: string | null;
            direction: string | null;
            /** @description A call's outcome class or a run's status. */
            outcome: string | null;
            /** @description A call that was not ok, a run that did not succeed, a label.failed or exception.raised event. */
            failed: boolean;
            count: number;
            first_ts: number;
            last_ts: number;
            statuses: number[];
            errors: string[];
            latency_min_ms: number | null;
            latency_max_ms: number | null;
            retries: number;
            /** @description The first 100 calls. */
            steps: components["schemas"]["TraceStep"][];
            steps_omitted: number;
        };
        TraceMilestone: {
            name: string;
            label: string;
            /** @enum {unknown} */
            state: "reached" | "missing" | "waiting";
            failure: boolean;
            count: number;
            first_ts: number | null;
            last_ts: number | null;
            /** @description The last status or reason, e.g. "delivered". */
            detail: string | null;
            integrations: string[];
        };
        TraceExpectation: {
            /** @enum {unknown} */
            rule: "shipment" | "label" | "confirmation" | "tracking" | "tracking_stale" | "exception" | "recorded";
            step: string;
            after: string;
            shipment_id: string | null;
            /** @enum {unknown} */
            state: "met" | "late" | "waiting" | "missing";
            since_ts: number;
            at_ts: number | null;
            within_ms: number | null;
            elapsed_ms: number;
            message: string;
        };
        /** @description integrationId (or integration_id) is required too. Ids in metadata (orderId / order_id, shipmentId, correlationId, traceId, spanId) tie the line to traces. */
        LogLine: {
            timestamp: string | number;
            /** @enum {unknown} */
            level: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "warning";
            service?: string;
            operation?: string;
            message?: string;
            tenantId?: string;
            tenant_id?: string;
            integrationId?: string;
            integration_id?: string;
            /** @description Any JSON object, nested at most 5 levels, 64 keys per object, 16384 characters as JSON. */
            metadata?: Record<string, never>;
        };
        LogErrorGroup: {
            /** @description 16 hex digits: the lines of the group are GET …/logs?fingerprint=…. */
            fingerprint: string;
            /**
             * @description The worst level seen.
             * @enum {unknown}
             */
            level: "warn" | "error" | "fatal";
            pattern: string;
            /** @description The newest line of the group (redacted as stored). */
            sample: string;
            sample_ts: number;
            first_seen: number;
            last_seen: number;
            /** @description Since first seen. */
            total_lines: number;
            /** @description In the window. */
            lines: number;
            /** @description In the window before, as long. */
            previous_lines: number;
            /** @enum {unknown} */
            trend: "new" | "rising" | "falling" | "steady";
            points: number[];
        };
        StoredLogLine: {
            id: number;
            ts: number;
            integration: string;
            /** @enum {unknown} */
            level: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
            service: string | null;
            operation: string | null;
            /** @description The message, else metadata.error. */
            message: string | null;
            /** @description The error type of a warn, error or fatal line. */
            fingerprint: string | null;
            tenant: string | null;
            correlation_id: string | null;
            order_id: string | null;
            shipment_id: string | null;
            trace_id: string | null;
            span_id: string | null;
            /** @description As sent, redacted. */
            metadata: {
                [key: string]: unknown;
            } | null;
        };
        /** @description What a failure means in plain words, the next step, and the recovery action or runbook that fits (docs/recovery.md#messages). */
        Advice: {
            message: string;
            next: string;
            action: string | null;
            runbook: string | null;
            /**
             * @description The team's own pattern (catalogue) or a shipped one.
             * @enum {unknown}
             */
            source: "catalogue" | "shipped";
        };
        RecoveryRun: {
            id: number;
            integration: string;
            action: string;
            alert_id: number | null;
            /** @enum {unknown} */
            trigger: "manual" | "automatic";
            /** @description Who ran it; "switchboard" for an automatic run. */
            actor: string;
            /** @description 1 for a manual run; the attempt number of an automatic one. */
            attempt: number;
            started_at: number;
            ms: number;
            /** @enum {unknown} */
            outcome: "succeeded" | "failed" | "timeout" | "error" | "opened";
            http_status: number | null;
            /** @description The start of the answer (500 characters at most), secrets masked. */
            excerpt: string | null;
            error: string | null;
            /** @description A link action: the page to open (absent for an HTTP action). */
            url?: string;
        };
        RecoveryOffer: {
            integration: string;
            problems: ("auth_error" | "rate_limited" | "server_error" | "timeout" | "network_error" | "client_error" | "dead_letter")[];
            /** @description What the problems mean in plain words, the next step, and the action or runbook that fits (docs/recovery.md#messages). */
            advice: components["schemas"]["Advice"][];
            actions: {
                integration?: string;
                name: string;
                title: string;
                /** @enum {unknown} */
                type: "http" | "link";
                fixes: ("auth_error" | "rate_limited" | "server_error" | "timeout" | "network_error" | "client_error" | "dead_letter")[];
                fits: boolean;
                url: string;
                /** @description An HTTP action only. */
                method?: string;
                /** @description An HTTP action only: header values as written (${ENV} references unresolved, credential-shaped values redacted). */
                headers?: {
                    [key: string]: string;
                };
                /** @description An HTTP action only, when it sends one (redacted as headers are). */
                body?: string;
                /** @description An HTTP action only. */
                timeoutMs?: number;
                /** @description An HTTP action only, when given: the statuses that count as success (otherwise any 2xx). */
                expectStatus?: number[];
                /** @description When it runs by itself (docs/recovery.md, "Automatic recovery"); absent when it does not. */
                automatic?: {
                    maxAttempts: number;
                    backoffMs: number;
                    cooldownMs: number;
                };
            }[];
            runs: components["schemas"]["RecoveryRun"][];
            next: string | null;
        };
        CustomerReport: {
            id: number;
            integration: string;
            reported_at: number;
            ticket: string;
            note: string | null;
            recorded_by: string;
        };
        Incidents: {
            integration: string;
            from: number;
            to: number;
            incidents: {
                integration: string;
                /** @enum {unknown} */
                status: "degraded" | "down";
                started_at: number;
                detected_at: number | null;
                acknowledged_at: number | null;
                recovered_at: number | null;
                ttd_ms: number | null;
                ttr_ms: number | null;
                reports: {
                    id: number;
                    integration: string;
                    reported_at: number;
                    ticket: string;
                    note: string | null;
                    recorded_by: string;
                    detected_before: boolean;
                    lead_ms: number | null;
                }[];
            }[];
            reports: components["schemas"]["CustomerReport"][];
            figures: {
                incidents: number;
                mttd_ms: number | null;
                mttr_ms: number | null;
                reports: number;
                detected_before_reported: number;
                detected_before_reported_share: number | null;
            };
        };
        IntegrationReport: {
            from: number;
            to: number;
            integration: string;
            tenant: string | null;
            availability: {
                volume: number;
                ok: number;
                success_rate: number | null;
                slo_target: number | null;
                meets_slo: boolean | null;
            };
            /** @description The success SLO's budget over the window; null without one. */
            budget: {
                target: number;
                volume: number;
                bad: number;
                allowed_bad: number;
                /** @description 0 untouched, 1 spent, above 1 overspent. */
                budget_spent: number;
                budget_left: number;
            } | null;
            /** @description The latency SLO's budget over the window (bad calls: those slower than threshold_ms, the p95 target; 95 % must be within it); null without one. */
            latency_budget: {
                target: number;
                volume: number;
                bad: number;
                allowed_bad: number;
                /** @description 0 untouched, 1 spent, above 1 overspent. */
                budget_spent: number;
                budget_left: number;
                threshold_ms: number;
            } | null;
            figures: components["schemas"]["Incidents"]["figures"];
            incidents: components["schemas"]["Incidents"]["incidents"];
            reports: components["schemas"]["Incidents"]["reports"];
            worst_operations: {
                operation: string;
                direction: string;
                volume: number;
                failures: number;
                success_rate: number | null;
            }[];
        };
        TenantReport: {
            from: number;
            to: number;
            integrations: {
                integration: string;
                tenant: string | null;
                availability: {
                    volume: number;
                    ok: number;
                    success_rate: number | null;
                    slo_target: number | null;
                    meets_slo: boolean | null;
                };
                /** @description The success SLO's budget over the window; null without one. */
                budget: {
                    target: number;
                    volume: number;
                    bad: number;
                    allowed_bad: number;
                    /** @description 0 untouched, 1 spent, above 1 overspent. */
                    budget_spent: number;
                    budget_left: number;
                } | null;
                /** @description The latency SLO's budget over the window (bad calls: those slower than threshold_ms, the p95 target; 95 % must be within it); null without one. */
                latency_budget: {
                    target: number;
                    volume: number;
                    bad: number;
                    allowed_bad: number;
                    /** @description 0 untouched, 1 spent, above 1 overspent. */
                    budget_spent: number;
                    budget_left: number;
                    threshold_ms: number;
                } | null;
                figures: components["schemas"]["Incidents"]["figures"];
            }[];
            next: string | null;
        };
        /** @enum {unknown} */
        Outcome: "ok" | "client_error" | "auth_error" | "rate_limited" | "server_error" | "timeout" | "network_error";
        /**
         * @description An integration's health; unknown: no evidence to judge it by.
         * @enum {unknown}
         */
        HealthStatus: "healthy" | "degraded" | "down" | "unknown";
        Signals: {
            volume?: number;
            ok?: number;
            client_error?: number;
            auth_error?: number;
            rate_limited?: number;
            server_error?: number;
            timeout?: number;
            network_error?: number;
            /** @description ok / volume; null without calls. */
            success_rate?: number | null;
            p50_ms?: number | null;
            p95_ms?: number | null;
            p99_ms?: number | null;
        };
        Summary: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            volume: number;
            ok: number;
            client_error: number;
            auth_error: number;
            rate_limited: number;
            server_error: number;
            timeout: number;
            network_error: number;
            /** @description ok / volume; null without calls. */
            success_rate: number | null;
            p50_ms: number | null;
            p95_ms: number | null;
            p99_ms: number | null;
        };
        BoardTile: {
            id: string;
            /** @description Current health (not the window's). */
            status: components["schemas"]["HealthStatus"];
            /** @description The first of status_reasons. */
            status_reason: string;
            /** @description Every reason behind the status, worst first. */
            status_reasons: string[];
            /** @description From the catalogue; null for an uncatalogued id. */
            title: string | null;
            owner: string | null;
            uncatalogued: boolean;
            /** @description Epoch ms of its newest record. */
            last_seen: number | null;
            /** @description The sparkline: at most 72 points from `start`, `step_ms` apart. */
            trend: {
                step_ms: number;
                start: number;
                volume: number[];
                success_rate: (number | null)[];
            };
            volume: number;
            ok: number;
            client_error: number;
            auth_error: number;
            rate_limited: number;
            server_error: number;
            timeout: number;
            network_error: number;
            /** @description ok / volume; null without calls. */
            success_rate: number | null;
            p50_ms: number | null;
            p95_ms: number | null;
            p99_ms: number | null;
            /** @description On a degraded or down integration: what its worst firing alert means, the next step and the recovery action that fits, as its notification said (docs/recovery.md); null otherwise. */
            advice: {
                message: string;
                next: string;
                action: string | null;
            } | null;
        };
        Board: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            integrations: components["schemas"]["BoardTile"][];
            /** @description Integrations on every page of this board (after `q`). */
            total: number;
            /** @description How many of them are in each current status. */
            statuses: {
                healthy: number;
                degraded: number;
                down: number;
                unknown: number;
            };
            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
            next: string | null;
        };
        IntegrationTile: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            id: string;
            /** @description Current health (not the window's). */
            status: components["schemas"]["HealthStatus"];
            /** @description The first of status_reasons. */
            status_reason: string;
            /** @description Every reason behind the status, worst first. */
            status_reasons: string[];
            /** @description From the catalogue; null for an uncatalogued id. */
            title: string | null;
            owner: string | null;
            uncatalogued: boolean;
            /** @description Epoch ms of its newest record. */
            last_seen: number | null;
            /** @description The sparkline: at most 72 points from `start`, `step_ms` apart. */
            trend: {
                step_ms: number;
                start: number;
                volume: number[];
                success_rate: (number | null)[];
            };
            volume: number;
            ok: number;
            client_error: number;
            auth_error: number;
            rate_limited: number;
            server_error: number;
            timeout: number;
            network_error: number;
            /** @description ok / volume; null without calls. */
            success_rate: number | null;
            p50_ms: number | null;
            p95_ms: number | null;
            p99_ms: number | null;
            /** @description On a degraded or down integration: what its worst firing alert means, the next step and the recovery action that fits, as its notification said (docs/recovery.md); null otherwise. */
            advice: {
                message: string;
                next: string;
                action: string | null;
            } | null;
        };
        TimeSeries: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            /** @description The step used. */
            step_ms: number;
            /** @description The step asked for, when it was raised to step_ms; else null. */
            requested_step_ms: number | null;
            /** @description The most points a series answers. */
            max_points: number;
            /** @description Columnar, ready for a chart: t[i] is the start of bucket i. */
            series: {
                t: number[];
                volume: number[];
                ok: number[];
                client_error: number[];
                auth_error: number[];
                rate_limited: number[];
                server_error: number[];
                timeout: number[];
                network_error: number[];
                success_rate: (number | null)[];
                p50_ms: (number | null)[];
                p95_ms: (number | null)[];
            };
        };
        OperationSignals: {
            operation: string;
            /** @enum {unknown} */
            direction: "inbound" | "outbound";
            volume: number;
            ok: number;
            client_error: number;
            auth_error: number;
            rate_limited: number;
            server_error: number;
            timeout: number;
            network_error: number;
            /** @description ok / volume; null without calls. */
            success_rate: number | null;
            p50_ms: number | null;
            p95_ms: number | null;
            p99_ms: number | null;
        };
        Operations: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            operations: components["schemas"]["OperationSignals"][];
        };
        Failure: {
            id: number;
            ts: number;
            operation: string;
            /** @enum {unknown} */
            direction: "inbound" | "outbound";
            status: number | null;
            error: string | null;
            outcome: components["schemas"]["Outcome"];
            latency_ms: number;
            attempt: number;
            correlation_id: string | null;
            order_id: string | null;
            shipment_id: string | null;
            env: string;
            site: string | null;
            release: string | null;
        };
        Failures: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            failures: components["schemas"]["Failure"][];
            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
            next: string | null;
        };
        Dimensions: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            envs: string[];
            sites: string[];
            releases: string[];
            operations: string[];
        };
        JobRun: {
            ts: number;
            /** @enum {unknown} */
            status: "success" | "failed" | "partial";
            counts: {
                [key: string]: number;
            } | null;
            duration_ms: number | null;
            error: string | null;
        };
        CountTrend: {
            /** @description Oldest first. */
            points: {
                ts: number;
                value: number;
            }[];
            last: number | null;
            trailing_average: number | null;
            /** @description Last vs trailing average: -0.45 is 45 % below. */
            change: number | null;
            /** @description The last value fell 30 % or more below its trailing average. */
            drop: boolean;
        };
        JobReport: {
            integration: string;
            job: string;
            last_run: components["schemas"]["JobRun"] | null;
            last_success: number | null;
            runs: number;
            failures: number;
            consecutive_failures: number;
            /** @description How old its last success may get (freshness SLO, else heartbeat period + grace). */
            expected_within_ms: number | null;
            /** @description Its last success is older than that (or it never succeeded). */
            late: boolean;
            /** @description Newest first, at most 50. */
            history: components["schemas"]["JobRun"][];
            counts: {
                [key: string]: components["schemas"]["CountTrend"];
            };
        };
        Jobs: {
            /** @description Start of the window used (epoch ms, inclusive). */
            from: number;
            /** @description End of the window used (epoch ms, exclusive). */
            to: number;
            jobs: components["schemas"]["JobReport"][];
            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
            next: string | null;
        };
        StoredCall: {
            /** @constant */
            kind: "call";
            /** @description The store id. */
            id: number;
            ts: number;
            integration: string;
            env: string;
            site: string | null;
            release: string | null;
            tenant: string | null;
            correlation_id: string | null;
            order_id: string | null;
            shipment_id: string | null;
            attrs: {
                [key: string]: string | number | boolean;
            } | null;
            /** @enum {unknown} */
            direction: "inbound" | "outbound";
            operation: string;
            status: number | null;
            outcome: components["schemas"]["Outcome"];
            error: string | null;
            latency_ms: number;
            attempt: number;
        };
        StoredRun: {
            /** @constant */
            kind: "run";
            /** @description The store id. */
            id: number;
            ts: number;
            integration: string;
            env: string;
            site: string | null;
            release: string | null;
            tenant: string | null;
            correlation_id: string | null;
            order_id: string | null;
            shipment_id: string | null;
            attrs: {
                [key: string]: string | number | boolean;
            } | null;
            /** @enum {unknown} */
            status: "success" | "failed" | "partial";
            counts: {
                [key: string]: number;
            } | null;
            duration_ms: number | null;
            error: string | null;
            job: string;
        };
        StoredEvent: {
            /** @constant */
            kind: "event";
            /** @description The store id. */
            id: number;
            ts: number;
            integration: string;
            env: string;
            site: string | null;
            release: string | null;
            tenant: string | null;
            correlation_id: string | null;
            order_id: string | null;
            shipment_id: string | null;
            attrs: {
                [key: string]: string | number | boolean;
            } | null;
            name: string;
        };
        StoredGauge: {
            /** @constant */
            kind: "gauge";
            /** @description The store id. */
            id: number;
            ts: number;
            integration: string;
            env: string;
            site: string | null;
            release: string | null;
            tenant: string | null;
            correlation_id: string | null;
            order_id: string | null;
            shipment_id: string | null;
            attrs: {
                [key: string]: string | number | boolean;
            } | null;
            name: string;
            value: number;
        };
        /** @description One of the four kinds, told apart by `kind`. */
        StoredRecord: components["schemas"]["StoredCall"] | components["schemas"]["StoredRun"] | components["schemas"]["StoredEvent"] | components["schemas"]["StoredGauge"];
        /** @description The id asked for under its own name (order_id, shipment_id or correlation_id), and its records. */
        Trace: {
            order_id?: string;
            shipment_id?: string;
            correlation_id?: string;
            /** @description The id has more than 5,000 records: the first 5,000 are listed. */
            truncated: boolean;
            /** @description Oldest first. */
            records: components["schemas"]["StoredRecord"][];
        };
        IntegrationHealth: {
            id: string;
            status: components["schemas"]["HealthStatus"];
            /** @description Every reason behind the status, worst first. */
            reasons: string[];
            /** @description When it entered this status (as far as the history knows). */
            since: number | null;
            catalogued: boolean;
        };
        HealthChange: {
            id: number;
            ts: number;
            status: components["schemas"]["HealthStatus"];
            previous_status: components["schemas"]["HealthStatus"] | null;
            reason: string;
        };
        /** @description A run of a recovery action as the health history lists it (the answer excerpt is on GET …/recovery). */
        RecoveryRunSummary: {
            id: number;
            action: string;
            /** @enum {string} */
            trigger: "manual" | "automatic";
            actor: string;
            attempt: number;
            started_at: number;
            ms: number;
            outcome: string;
            http_status: number | null;
            error: string | null;
        };
        IntegrationHealthHistory: {
            id: string;
            status: components["schemas"]["HealthStatus"];
            /** @description Every reason behind the status, worst first. */
            reasons: string[];
            /** @description When it entered this status (as far as the history knows). */
            since: number | null;
            catalogued: boolean;
            /** @description Its newest status changes, newest first. */
            history: components["schemas"]["HealthChange"][];
            /** @description The recovery runs (one-click and automatic) of the span the changes cover, newest first. */
            recovery_runs: components["schemas"]["RecoveryRunSummary"][];
        };
        IntegrationHealthChecked: {
            id: string;
            status: components["schemas"]["HealthStatus"];
            /** @description Every reason behind the status, worst first. */
            reasons: string[];
            /** @description When it entered this status (as far as the history knows). */
            since: number | null;
            catalogued: boolean;
            checks: {
                check: string;
                result: components["schemas"]["CheckResult"];
            }[];
        };
        CheckResult: {
            ts: number;
            /** @enum {unknown} */
            status: "up" | "degraded" | "down";
            latency_ms: number | null;
            http_status: number | null;
            error: string | null;
            /** @description What the probe saw besides its verdict (a certificate's expiry, the addresses a name resolved to). */
            detail: {
                [key: string]: unknown;
            } | null;
        };
        CheckState: {
            integration: string;
            name: string;
            /** @enum {unknown} */
            type: "http" | "tls" | "tcp" | "dns" | "heartbeat";
            /** @description URL (with ${NAME} references unresolved) or host:port; never a secret. */
            target: string;
            interval_ms: number;
            timeout_ms: number;
            /**
             * @description Of the newest result; pending before the first.
             * @enum {unknown}
             */
            status: "up" | "degraded" | "down" | "pending";
            last: components["schemas"]["CheckResult"] | null;
            consecutive_failures: number;
            /** @description When this instance runs it next; null when it does not schedule it. */
            next_run: number | null;
            /** @description Heartbeats only: how pings are expected. */
            heartbeat?: {
                period_ms: number | null;
                cron: string | null;
                grace_ms: number;
                job: string;
            };
        };
        IntegrationCheck: {
            name: string;
            /** @enum {unknown} */
            type: "http" | "tls" | "tcp" | "dns" | "heartbeat";
            /** @description URL (with ${NAME} references unresolved) or host:port; never a secret. */
            target: string;
            interval_ms: number;
            timeout_ms: number;
            /**
             * @description Of the newest result; pending before the first.
             * @enum {unknown}
             */
            status: "up" | "degraded" | "down" | "pending";
            last: components["schemas"]["CheckResult"] | null;
            consecutive_failures: number;
            /** @description When this instance runs it next; null when it does not schedule it. */
            next_run: number | null;
            /** @description Heartbeats only: how pings are expected. */
            heartbeat?: {
                period_ms: number | null;
                cron: string | null;
                grace_ms: number;
                job: string;
            };
            /** @description Its newest results, newest first. */
            history: components["schemas"]["CheckResult"][];
        };
        CheckRun: {
            integration: string;
            check: string;
            result: components["schemas"]["CheckResult"];
        };
        /** @description An active check or heartbeat as declared; the fields besides the common ones depend on its type. */
        CatalogueCheck: {
            name: string;
            integration: string;
            /** @enum {unknown} */
            type: "http" | "tls" | "tcp" | "dns" | "heartbeat";
            intervalMs: number;
            timeoutMs: number;
            url?: string;
            method?: string;
            host?: string;
            port?: number;
            recordType?: string;
            periodMs?: number;
            cron?: string;
            graceMs?: number;
            job?: string;
        } & {
            [key: string]: unknown;
        };
        CatalogueEntry: {
            id: string;
            title: string;
            description?: string;
            tags: string[];
            links: {
                url: string;
                title?: string;
            }[];
            /** @enum {unknown} */
            type: "shop" | "marketplace" | "carrier" | "saas" | "feed";
            partner: string;
            /** @enum {unknown} */
            direction: "inbound" | "outbound" | "both";
            /** @enum {unknown} */
            criticality: "high" | "medium" | "low";
            criticalFlows: string[];
            auth?: {
                method: string;
                rotation?: string;
                expires?: string;
            };
            apiVersion?: string;
            slo: {
                successRate?: number;
                latencyP95Ms?: number;
                /** @description The period error budgets are kept over (30 days when not given). */
                periodMs?: number;
                freshness: {
                    event?: string;
                    job?: string;
                    maxAgeMs: number;
                }[];
            };
            owner: string;
            /** @description Who may see it: spec.tenant, or the owner team when none is given. */
            tenant: string;
            contacts: {
                support?: {
                    name?: string;
                    email?: string;
                    phone?: string;
                    url?: string;
                    chat?: string;
                };
                escalation: {
                    name?: string;
                    email?: string;
                    phone?: string;
                    url?: string;
                    chat?: string;
                }[];
                partnerTicketing?: {
                    name?: string;
                    email?: string;
                    phone?: string;
                    url?: string;
                    chat?: string;
                };
            };
            knownRisks: string[];
            runbooks: string[];
            lifecycle: {
                supportedVersions: string[];
                deprecation?: string;
                plannedChanges: string[];
                sandbox?: string;
            };
            checks: components["schemas"]["CatalogueCheck"][];
            logSignals: {
                [key: string]: unknown;
            }[];
            recovery: {
                [key: string]: unknown;
            }[];
            messages: {
                [key: string]: unknown;
            }[];
            source: {
                file: string;
                line: number;
            };
        };
        Catalogue: {
            integrations: components["schemas"]["CatalogueEntry"][];
            /** @description Ids that sent data without a catalogue record. */
            uncatalogued: string[];
            /** @description The cursor of the page after this one (give it back as `cursor`); null on the last page. */
            next: string | null;
        };
        UncataloguedIntegration: {
            id: string;
            /** @constant */
            uncatalogued: true;
        };
        RunbookSummary: {
            name: string;
            title: string;
            summary: string;
        };
        Runbooks: {
            runbooks: components["schemas"]["RunbookSummary"][];
        };
        Runbook: {
            name: string;
            title: string;
            /** @description The integration whose record filled it in. */
            integration: string | null;
            markdown: string;
        };
    };
    responses: {
        /** @description Refused: the caller lacks the "admin" scope (a token without it, or a role that does not give it); or the console session signed in too long ago (`step_up_required`) or without a required second factor (`totp_required`); or a one-time password must be changed first (`password_change_required`). */
        ForbiddenAdmin: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused: the caller lacks the "admin" scope (a token without it, or a role that does not give it); or a write with the session cookie came without its X-CSRF-Token, or from another origin (`csrf`); or the console session signed in too long ago (`step_up_required`) or without a required second factor (`totp_required`); or a one-time password must be changed first (`password_change_required`). */
        ForbiddenAdminWrite: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused: the caller lacks the "ingest" scope (a token without it, or a role that does not give it). */
        ForbiddenIngest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused: the caller lacks the "ingest" scope (a token without it, or a role that does not give it). */
        ForbiddenIngestOtlp: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
                "application/x-protobuf": string;
            };
        };
        /** @description Refused: the caller lacks the "read" scope (a token without it, or a role that does not give it); or a one-time password must be changed first (`password_change_required`). */
        ForbiddenRead: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused: the caller lacks the "respond" scope (a token without it, or a role that does not give it); or a write with the session cookie came without its X-CSRF-Token, or from another origin (`csrf`); or a one-time password must be changed first (`password_change_required`). */
        ForbiddenRespondWrite: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused: a write with the session cookie came without its X-CSRF-Token, or from another origin (`csrf`). */
        ForbiddenSignedInWrite: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description More requests from this caller than the operation's x-rate-limit allows, or this address sent too many bad credentials and is refused for a while. Retry-After says when to try again. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description More requests from this address than the operation's x-rate-limit allows. Retry-After says when to try again. */
        RateLimitedAddress: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description This address sent too many bad credentials (tokens, keys or passwords) and is refused for a while. Retry-After says when to try again. */
        TooManyFailures: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description This address sent too many bad credentials (tokens, keys or passwords) and is refused for a while. Retry-After says when to try again. */
        TooManyFailuresOtlp: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
                "application/x-protobuf": string;
            };
        };
        /** @description No credentials (Authorization: Bearer <token>, or a console session), or a token or session that is unknown, expired or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No ingest key (Authorization: Bearer …), or an unknown or revoked one. */
        UnauthorizedIngest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No ingest key (Authorization: Bearer …), or an unknown or revoked one. */
        UnauthorizedIngestOtlp: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RpcStatus"];
                "application/x-protobuf": string;
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
/** Every value of each enumerated component schema, in the document's order. */
export const enumValues = {
    Role: ["viewer", "responder", "admin"],
    Outcome: ["ok", "client_error", "auth_error", "rate_limited", "server_error", "timeout", "network_error"],
    HealthStatus: ["healthy", "degraded", "down", "unknown"],
} as const satisfies { [Name in keyof components["schemas"]]?: readonly components["schemas"][Name][] };
