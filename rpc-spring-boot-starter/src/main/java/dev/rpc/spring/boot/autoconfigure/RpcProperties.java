package dev.rpc.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.transport.Transport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the RPC server, client and serialization, under the {@code rpc} prefix.
 */
@ConfigurationProperties(prefix = "rpc")
public class RpcProperties {

    private final Server server = new Server();

    private final Client client = new Client();

    private final Serialization serialization = new Serialization();

    public Server getServer() {
        return this.server;
    }

    public Client getClient() {
        return this.client;
    }

    public Serialization getSerialization() {
        return this.serialization;
    }

    /** How the client and the server serialize calls. */
    public static class Serialization {

        /**
         * Whether the application's Spring Boot Jackson configuration (spring.jackson.*, JsonMapperBuilderCustomizer
         * and CborMapperBuilderCustomizer beans, JacksonModule beans) also applies to the RPC mappers, before the
         * RpcMapperBuilderCustomizer beans. Both sides of a call must then share it.
         */
        private boolean useApplicationJackson = false;

        public boolean isUseApplicationJackson() {
            return this.useApplicationJackson;
        }

        public void setUseApplicationJackson(boolean useApplicationJackson) {
            this.useApplicationJackson = useApplicationJackson;
        }
    }

    /** Settings of the server that exports {@code @RpcService} beans. */
    public static class Server {

        /** Whether to start the RPC server when at least one bean is annotated with @RpcService. */
        private boolean enabled = true;

        /** Network address to listen on; all interfaces by default, so other hosts and containers can call. */
        private String address = "0.0.0.0";

        /** TCP port to listen on; 0 picks a free port, published as 'local.rpc.server.port'. */
        private int port = 9090;

        /** Socket implementation: AUTO uses epoll when the native library loads, NIO otherwise. */
        private Transport transport = Transport.AUTO;

        /** Number of I/O threads; 0 uses the number of processors. */
        private int ioThreads = 0;

        /** Where service methods run; default bounded, or virtual-threads when spring.threads.virtual.enabled is true on Java 21 or later. */
        private ServerExecutorKind executor;

        public ServerExecutorKind getExecutor() {
            return this.executor;
        }

        public void setExecutor(ServerExecutorKind executor) {
            this.executor = executor;
        }

        /** Number of worker threads that run service methods. */
        private int workerThreads = 16;

        /** Calls that may wait for a worker thread; beyond that calls are answered RESOURCE_EXHAUSTED. */
        private int queueCapacity = 1024;

        /** Largest frame accepted or sent. */
        private DataSize maxFrameSize = DataSize.ofMegabytes(8);

        /** Answers one connection may have waiting to be written before the server stops reading it; it reads again below half. */
        private DataSize writeBufferHighWaterMark = DataSize.ofMegabytes(1);

        /** Calls of one connection that may be queued or running at once; beyond that its calls are answered RESOURCE_EXHAUSTED. */
        private int maxConcurrentCallsPerConnection = 256;

        /** How long a connection may stay silent before the server closes it. */
        private Duration idleTimeout = Duration.ofSeconds(60);

        /** How long shutdown lets calls in flight finish; keep it below spring.lifecycle.timeout-per-shutdown-phase. */
        private Duration shutdownGracePeriod = Duration.ofSeconds(10);

        /** Host registered in service discovery for clients to connect to; default the bind address, or this machine's first non-loopback address when bound to all interfaces. */
        private String advertisedHost;

        /** Metadata registered in service discovery with every exported service, such as weight and zone. */
        private Map<String, String> metadata = new LinkedHashMap<>();

        /** Whether the thread running a call is interrupted when its caller cancels it; otherwise the method checks ServerCallContext.isCancelled(). */
        private boolean interruptOnCancel = false;

        /** Whether a NOT_FOUND answer lists the exported services or methods; off, callers learn nothing they did not send. */
        private boolean revealServicesOnNotFound = false;

        /** How long an I/O thread waiting for workers' answers, and an idle worker, poll before they sleep; 0 never polls. */
        private Duration spinWait = Duration.ZERO;

        public Duration getSpinWait() {
            return this.spinWait;
        }

        public void setSpinWait(Duration spinWait) {
            this.spinWait = spinWait;
        }

        /** Authentication and authorization of calls, and what to do when the server is exposed without either. */
        private final Security security = new Security();

        public Security getSecurity() {
            return this.security;
        }

        public boolean isInterruptOnCancel() {
            return this.interruptOnCancel;
        }

        public void setInterruptOnCancel(boolean interruptOnCancel) {
            this.interruptOnCancel = interruptOnCancel;
        }

        /** TLS of the server. */
        private final ServerSsl ssl = new ServerSsl();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getAddress() {
            return this.address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public Transport getTransport() {
            return this.transport;
        }

        public void setTransport(Transport transport) {
            this.transport = transport;
        }

        public int getIoThreads() {
            return this.ioThreads;
        }

        public void setIoThreads(int ioThreads) {
            this.ioThreads = ioThreads;
        }

        public int getWorkerThreads() {
            return this.workerThreads;
        }

        public void setWorkerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
        }

        public int getQueueCapacity() {
            return this.queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public DataSize getMaxFrameSize() {
            return this.maxFrameSize;
        }

        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        public DataSize getWriteBufferHighWaterMark() {
            return this.writeBufferHighWaterMark;
        }

        public void setWriteBufferHighWaterMark(DataSize writeBufferHighWaterMark) {
            this.writeBufferHighWaterMark = writeBufferHighWaterMark;
        }

        public int getMaxConcurrentCallsPerConnection() {
            return this.maxConcurrentCallsPerConnection;
        }

        public void setMaxConcurrentCallsPerConnection(int maxConcurrentCallsPerConnection) {
            this.maxConcurrentCallsPerConnection = maxConcurrentCallsPerConnection;
        }

        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getShutdownGracePeriod() {
            return this.shutdownGracePeriod;
        }

        public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = shutdownGracePeriod;
        }

        public String getAdvertisedHost() {
            return this.advertisedHost;
        }

        public void setAdvertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
        }

        public Map<String, String> getMetadata() {
            return this.metadata;
        }

        public void setMetadata(Map<String, String> metadata) {
            this.metadata = metadata;
        }

        public boolean isRevealServicesOnNotFound() {
            return this.revealServicesOnNotFound;
        }

        public void setRevealServicesOnNotFound(boolean revealServicesOnNotFound) {
            this.revealServicesOnNotFound = revealServicesOnNotFound;
        }

        public ServerSsl getSsl() {
            return this.ssl;
        }
    }

    /** Settings of the client that backs {@code @RpcReference} proxies. */
    public static class Client {

        /** Timeout of every call whose service and method set none. */
        private Duration timeout = Duration.ofSeconds(5);

        /** How long a connection attempt may take. */
        private Duration connectTimeout = Duration.ofSeconds(3);

        /** Serialization format of calls. */
        private SerializationFormat format = SerializationFormat.JSON;

        /** Socket implementation: AUTO uses epoll when the native library loads, NIO otherwise. */
        private Transport transport = Transport.AUTO;

        /** Number of I/O threads; 0 uses the number of processors. */
        private int ioThreads = 0;

        /**
         * Wait after a failed connection attempt, during which a discovered provider is skipped; doubles on each
         * failure up to max-reconnect-backoff.
         */
        private Duration reconnectBackoff = Duration.ofMillis(100);

        /** Longest wait between connection attempts. */
        private Duration maxReconnectBackoff = Duration.ofSeconds(5);

        /** A connection silent this long is probed with PING, and closed after three silent intervals. */
        private Duration pingInterval = Duration.ofSeconds(20);

        /** Largest frame sent or accepted. */
        private DataSize maxFrameSize = DataSize.ofMegabytes(8);

        /** Requests one connection may have waiting to be written; above it new calls on it fail with RESOURCE_EXHAUSTED. */
        private DataSize writeBufferHighWaterMark = DataSize.ofMegabytes(32);

        /** Remote services by key: the @RpcReference's service attribute, or the interface's simple name. */
        private Map<String, Service> services = new LinkedHashMap<>();

        /** How a call picks among discovered providers: round-robin, or least-in-flight (fewest outstanding calls). */
        private LoadBalancing loadBalancer = LoadBalancing.ROUND_ROBIN;

        /** How many discovered providers one call may be sent to when it fails over; those it cannot connect to do not count. */
        private int maxAttempts = 3;

        /** Connections opened to each server address, used in turn; more spread a busy server over more I/O threads. */
        private int connectionsPerAddress = 1;

        /** TLS of every service's connections, unless the service sets its own. */
        private final ClientSsl ssl = new ClientSsl();

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public SerializationFormat getFormat() {
            return this.format;
        }

        public void setFormat(SerializationFormat format) {
            this.format = format;
        }

        public Transport getTransport() {
            return this.transport;
        }

        public void setTransport(Transport transport) {
            this.transport = transport;
        }

        public int getIoThreads() {
            return this.ioThreads;
        }

        public void setIoThreads(int ioThreads) {
            this.ioThreads = ioThreads;
        }

        public Duration getReconnectBackoff() {
            return this.reconnectBackoff;
        }

        public void setReconnectBackoff(Duration reconnectBackoff) {
            this.reconnectBackoff = reconnectBackoff;
        }

        public Duration getMaxReconnectBackoff() {
            return this.maxReconnectBackoff;
        }

        public void setMaxReconnectBackoff(Duration maxReconnectBackoff) {
            this.maxReconnectBackoff = maxReconnectBackoff;
        }

        public Duration getPingInterval() {
            return this.pingInterval;
        }

        public void setPingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
        }

        public DataSize getMaxFrameSize() {
            return this.maxFrameSize;
        }

        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        public DataSize getWriteBufferHighWaterMark() {
            return this.writeBufferHighWaterMark;
        }

        public void setWriteBufferHighWaterMark(DataSize writeBufferHighWaterMark) {
            this.writeBufferHighWaterMark = writeBufferHighWaterMark;
        }

        public LoadBalancing getLoadBalancer() {
            return this.loadBalancer;
        }

        public void setLoadBalancer(LoadBalancing loadBalancer) {
            this.loadBalancer = loadBalancer;
        }

        public int getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public int getConnectionsPerAddress() {
            return this.connectionsPerAddress;
        }

        public void setConnectionsPerAddress(int connectionsPerAddress) {
            this.connectionsPerAddress = connectionsPerAddress;
        }

        public Map<String, Service> getServices() {
            return this.services;
        }

        public void setServices(Map<String, Service> services) {
            this.services = services;
        }

        public ClientSsl getSsl() {
            return this.ssl;
        }
    }

    /** Load-balancing strategies among discovered providers. */
    public enum LoadBalancing {

        /** Take the providers in turn. */
        ROUND_ROBIN,
        /** Pick the provider with the fewest calls outstanding from this client, weighted. */
        LEAST_IN_FLIGHT
    }

    /** Settings of one remote service, under {@code rpc.client.services.<key>}. */
    public static class Service {

        /** Server address as host:port, e.g. 127.0.0.1:9090; without one, the providers are found through service discovery. */
        private String address;

        /** Timeout of this service's calls; overrides rpc.client.timeout. */
        private Duration timeout;

        /** Service name on the wire when the server exports it under a custom name; default the interface's binary name. */
        private String serviceName;

        /** Settings per method, by name (every overload) or full signature; write a signature in brackets, quoted in YAML: "[reserve(java.lang.String,int)]". */
        private Map<String, Method> methods = new LinkedHashMap<>();

        /** Whether calls made while serving a call end by that call's deadline when it comes first; false for calls that must complete even when their caller gave up. */
        private boolean inheritDeadline = true;

        /** Credentials sent with every call of this service, in the 'authorization' metadata; set at most one kind. */
        private final Credentials credentials = new Credentials();

        public Credentials getCredentials() {
            return this.credentials;
        }

        public boolean isInheritDeadline() {
            return this.inheritDeadline;
        }

        public void setInheritDeadline(boolean inheritDeadline) {
            this.inheritDeadline = inheritDeadline;
        }

        /** TLS of this service's connections; overrides rpc.client.ssl. */
        private final ServiceSsl ssl = new ServiceSsl();

        public String getAddress() {
            return this.address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public String getServiceName() {
            return this.serviceName;
        }

        public void setServiceName(String serviceName) {
            this.serviceName = serviceName;
        }

        public Map<String, Method> getMethods() {
            return this.methods;
        }

        public void setMethods(Map<String, Method> methods) {
            this.methods = methods;
        }

        public ServiceSsl getSsl() {
            return this.ssl;
        }
    }

    /** Whether a TLS server asks clients for a certificate (mutual TLS). */
    public enum ClientAuth {

        /** Do not ask for one. */
        NONE,
        /** Ask for one, and accept clients that send none; a certificate sent must be trusted. */
        WANT,
        /** Require one that the bundle's trust store trusts. */
        NEED
    }

    /** TLS of the server, under {@code rpc.server.ssl}. */
    public static class ServerSsl {

        /** SSL bundle (spring.ssl.bundle.jks|pem.<name>) whose key and certificate the server presents; TLS is on when set. Its protocols and ciphers apply, and a bundle with reload-on-update changes the certificate of new connections without a restart. */
        private String bundle;

        /** Whether to ask clients for a certificate, checked against the bundle's trust store: none, want, or need (mutual TLS). */
        private ClientAuth clientAuth = ClientAuth.NONE;

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return this.clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }
    }

    /** TLS of the client, under {@code rpc.client.ssl}. */
    public static class ClientSsl {

        /** SSL bundle (spring.ssl.bundle.jks|pem.<name>) whose trust store checks servers, and whose key, if any, is this client's certificate for mutual TLS; TLS is on for every service when set. */
        private String bundle;

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** TLS of one service's connections, under {@code rpc.client.services.<key>.ssl}. */
    public static class ServiceSsl {

        /** Whether this service's connections use TLS; default whether a bundle applies. false opts out of rpc.client.ssl; true without any bundle trusts the JVM's default CAs. */
        private Boolean enabled;

        /** SSL bundle of this service's connections; overrides rpc.client.ssl.bundle. */
        private String bundle;

        /** Name the server's certificate must be valid for; default the host of the address connected to. For servers reached by an IP address or an alias their certificate does not list. */
        private String serverName;

        public Boolean getEnabled() {
            return this.enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public String getServerName() {
            return this.serverName;
        }

        public void setServerName(String serverName) {
            this.serverName = serverName;
        }
    }

    /** Settings of the server's call security, under {@code rpc.server.security}. */
    public static class Security {

        /** Whether calls are authenticated and authorized with Spring Security when it is on the classpath and the application has an authentication source (an AuthenticationManager, AuthenticationProvider, UserDetailsService, JwtDecoder or OpaqueTokenIntrospector bean). */
        private boolean enabled = true;

        /** What a call needs when no RpcAuthorizationRules entry names its method. */
        private DefaultAccess defaultAccess = DefaultAccess.AUTHENTICATED;

        /** What the server does at startup when bound to a non-loopback address with neither TLS (rpc.server.ssl.bundle) nor authentication. */
        private UnprotectedPolicy unprotected = UnprotectedPolicy.WARN;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public DefaultAccess getDefaultAccess() {
            return this.defaultAccess;
        }

        public void setDefaultAccess(DefaultAccess defaultAccess) {
            this.defaultAccess = defaultAccess;
        }

        public UnprotectedPolicy getUnprotected() {
            return this.unprotected;
        }

        public void setUnprotected(UnprotectedPolicy unprotected) {
            this.unprotected = unprotected;
        }
    }

    /** What a call needs when no authorization rule names its method. */
    public enum DefaultAccess {

        /** An authenticated caller: a call without valid credentials is answered UNAUTHENTICATED. */
        AUTHENTICATED,
        /** Nothing: a call without credentials runs with an anonymous authentication (method security still applies). */
        PERMIT_ALL,
        /** Refused: only methods a rule names can be called. */
        DENY_ALL
    }

    /** What a server bound to a non-loopback address with neither TLS nor authentication does at startup. */
    public enum UnprotectedPolicy {

        /** Log one warning that says what is exposed and which settings secure it, and start. */
        WARN,
        /** Refuse to start. */
        FAIL,
        /** Start without a warning: the network is protected otherwise (a private network, a firewall, a mesh). */
        ALLOW
    }

    /**
     * Credentials of one remote service, under {@code rpc.client.services.<key>.credentials}: at most one of a
     * bearer token, a username and password, a bean, an OAuth2 client registration or token relay.
     */
    public static class Credentials {

        /** A fixed bearer token, sent as 'authorization: Bearer <token>'. */
        private String bearerToken;

        /** Username of basic credentials, sent with the password as 'authorization: Basic <base64>'. */
        private String username;

        /** Password of basic credentials; never logged. */
        private String password;

        /** Name of an RpcCallCredentials bean that gives each call its 'authorization' value, such as a token supplier. */
        private String bean;

        /** Registration id of an OAuth2 client (spring.security.oauth2.client.registration.<id>) whose access token, obtained with the client credentials grant, is sent as a bearer token. */
        private String oauth2Client;

        /** Whether to relay the bearer token of the current caller's authentication (token relay), such as the token a server call of this application was authenticated with. */
        private boolean relay;

        public String getBearerToken() {
            return this.bearerToken;
        }

        public void setBearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
        }

        public String getUsername() {
            return this.username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return this.password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getBean() {
            return this.bean;
        }

        public void setBean(String bean) {
            this.bean = bean;
        }

        public String getOauth2Client() {
            return this.oauth2Client;
        }

        public void setOauth2Client(String oauth2Client) {
            this.oauth2Client = oauth2Client;
        }

        public boolean isRelay() {
            return this.relay;
        }

        public void setRelay(boolean relay) {
            this.relay = relay;
        }
    }

    /**
     * Settings of one remote method, under {@code rpc.client.services.<key>.methods.<method>}, where
     * {@code <method>} is a method name or, in brackets, a full signature such as
     * {@code [reserve(java.lang.String,int)]}.
     */
    public static class Method {

        /** Timeout of this method's calls; overrides the service's and the default timeout. */
        private Duration timeout;

        /** Whether the method is safe to run twice, so a call lost after it was sent may be retried on another provider. */
        private boolean idempotent;

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public boolean isIdempotent() {
            return this.idempotent;
        }

        public void setIdempotent(boolean idempotent) {
            this.idempotent = idempotent;
        }
    }

    /** Where the server runs service methods ({@code rpc.server.executor}). */
    public enum ServerExecutorKind {

        /** A pool of {@code worker-threads} threads and a queue of {@code queue-capacity} calls; beyond both, calls are refused. */
        BOUNDED,

        /** One virtual thread per call (Java 21 or later), at most {@code worker-threads + queue-capacity} calls at once. */
        VIRTUAL_THREADS,

        /** On the event loop that read the call: only for services that never block. */
        DIRECT
    }
}
