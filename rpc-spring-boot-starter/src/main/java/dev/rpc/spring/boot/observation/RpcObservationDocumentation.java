package dev.rpc.spring.boot.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations this framework makes, one per call on each side, and their keys. Key names follow
 * OpenTelemetry's RPC semantic conventions (the experimental attributes of v1.37.0, plus
 * {@code rpc.response.status_code} of the stable ones); keys of this framework alone live under
 * {@code rpc.dev_rpc.}. Low-cardinality keys tag metrics and spans; high-cardinality keys tag spans only.
 */
public enum RpcObservationDocumentation implements ObservationDocumentation {

    /** A call as the client sees it: from the proxy call to the result, the failure, or (callback mode) the ACK. */
    CLIENT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRpcClientObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { ClientHighCardinalityKeys.SERVER_ADDRESS, ClientHighCardinalityKeys.SERVER_PORT,
                    ClientHighCardinalityKeys.REQUEST_ID };
        }
    },

    /**
     * A call as the server sees it: from the moment a worker takes it (before its arguments are parsed) to its
     * answer, or to the completion of the {@code CompletableFuture} the method returned.
     */
    SERVER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultRpcServerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ServerHighCardinalityKeys.values();
        }
    };

    /** Keys of both sides with a bounded set of values: they tag the timers. */
    public enum LowCardinalityKeys implements KeyName {

        /** The remoting system: always {@code dev_rpc}. */
        RPC_SYSTEM {
            @Override
            public String asString() {
                return "rpc.system";
            }
        },

        /** The service name: the interface's binary name, or the name it is exported under. */
        RPC_SERVICE {
            @Override
            public String asString() {
                return "rpc.service";
            }
        },

        /** The method's name (overloads share it). */
        RPC_METHOD {
            @Override
            public String asString() {
                return "rpc.method";
            }
        },

        /** The outcome's status, as {@code RpcStatus} names it: {@code OK}, {@code DEADLINE_EXCEEDED}... */
        STATUS_CODE {
            @Override
            public String asString() {
                return "rpc.response.status_code";
            }
        },

        /**
         * What failed: {@code none} on success, the status for a call that failed with an {@code RpcException}, else
         * the exception's class name (a declared exception, or on the server what the method threw).
         */
        ERROR_TYPE {
            @Override
            public String asString() {
                return "error.type";
            }
        },

        /**
         * The call mode: on the client {@code response}, {@code future} or {@code callback}; on the server
         * {@code callback} or {@code response} (a future-mode call is answered like a response-mode one).
         */
        CALL_MODE {
            @Override
            public String asString() {
                return "rpc.dev_rpc.call_mode";
            }
        }
    }

    /** Keys of the client with unbounded values: spans only. */
    public enum ClientHighCardinalityKeys implements KeyName {

        /** The server the call's last attempt went to: its host as the client knows it. */
        SERVER_ADDRESS {
            @Override
            public String asString() {
                return "server.address";
            }
        },

        /** The port of the server the call's last attempt went to. */
        SERVER_PORT {
            @Override
            public String asString() {
                return "server.port";
            }
        },

        /** The request id of the call's last attempt, as the server logs it. */
        REQUEST_ID {
            @Override
            public String asString() {
                return "rpc.dev_rpc.request_id";
            }
        }
    }

    /** Keys of the server with unbounded values: spans only. */
    public enum ServerHighCardinalityKeys implements KeyName {

        /** The caller's IP address, as the connection shows it. */
        PEER_ADDRESS {
            @Override
            public String asString() {
                return "network.peer.address";
            }
        },

        /** The caller's port. */
        PEER_PORT {
            @Override
            public String asString() {
                return "network.peer.port";
            }
        },

        /** The caller's request id. */
        REQUEST_ID {
            @Override
            public String asString() {
                return "rpc.dev_rpc.request_id";
            }
        }
    }
}
