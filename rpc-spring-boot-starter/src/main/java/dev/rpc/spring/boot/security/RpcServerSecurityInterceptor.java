package dev.rpc.spring.boot.security;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.rpc.core.context.ContextKey;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.spring.boot.server.AuthenticatingServerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Authenticates and authorizes every call with Spring Security, and runs the service method with the caller's
 * {@link SecurityContext}.
 *
 * <p>For each call, on the thread that then runs the method and before its arguments are parsed:
 * <ol>
 * <li>the {@link RpcCallAuthenticator} turns the credentials in the metadata into an authentication; a call
 * without credentials runs as an anonymous caller ({@link AnonymousAuthenticationToken}, {@code ROLE_ANONYMOUS}),
 * one with malformed or rejected credentials is answered {@code UNAUTHENTICATED}; when the credentials cannot be
 * checked at all ({@link AuthenticationServiceException}: a token issuer's keys cannot be fetched, say) the call is
 * answered {@code UNAVAILABLE}, which a client may retry on another provider, and the server warns at most every
 * ten seconds;</li>
 * <li>the method's rule ({@link RpcAuthorizationRules}, else the default rule) decides: a refused anonymous caller
 * is answered {@code UNAUTHENTICATED}, a refused authenticated one {@code PERMISSION_DENIED}; both
 * {@code NOT_EXECUTED}, and never retried on another provider;</li>
 * <li>a new {@code SecurityContext} holding the authentication is set, the method runs (through method security
 * such as {@code @PreAuthorize}, if the application enables it), and the context is cleared in a {@code finally}
 * block, on the same thread, whatever happens. A worker thread therefore never carries one call's authentication
 * into the next call, nor into anything else it runs.</li>
 * </ol>
 *
 * <p>A {@code CompletableFuture} method sees the context while it runs on the worker, not in stages that run later
 * on other threads: it captures what it needs first ({@code ServerCallContext.current().get(AUTHENTICATION)}), or
 * submits its work, while it runs, to Spring Security's {@code DelegatingSecurityContextExecutor}, which gives each
 * task the context of the thread that submitted it.
 *
 * <p>An {@link AccessDeniedException} or {@link AuthenticationException} that the method throws (method security's
 * {@code @PreAuthorize}, {@code @Secured}), or that its future completes with, is answered like a refusal by rule:
 * {@code PERMISSION_DENIED}, or {@code UNAUTHENTICATED} for an anonymous caller. The method's proxy was entered,
 * though not its body, so the answer says {@code EXECUTED}: the server cannot tell the two apart. Refusals are
 * logged at DEBUG only, since callers can cause them at will. Thread-safe.
 */
public final class RpcServerSecurityInterceptor implements AuthenticatingServerInterceptor, Ordered {

    /** The order of this interceptor: early, so that the application's interceptors see an authenticated call. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /**
     * The authentication a call runs as, for code that goes on in other threads:
     * {@code ServerCallContext.current().get(AUTHENTICATION)}, captured while the method runs.
     */
    public static final ContextKey<Authentication> AUTHENTICATION = ContextKey.named("authentication");

    private static final Logger logger = LoggerFactory.getLogger(RpcServerSecurityInterceptor.class);

    private static final String ANONYMOUS_PRINCIPAL = "anonymousUser";

    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RpcCallAuthenticator authenticator;

    private final RpcAuthorizationRules rules;

    private final AuthorizationManager<ServerCallContext> defaultRule;

    private final SecurityContextHolderStrategy contexts;

    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

    private final String anonymousKey = UUID.randomUUID().toString();

    private final AtomicLong lastWarning = new AtomicLong();

    private final ConcurrentMap<MethodDescriptor, AuthorizationManager<ServerCallContext>> ruleByMethod =
            new ConcurrentHashMap<>();

    /**
     * Creates the interceptor.
     * @param authenticator authenticates the caller of a call
     * @param rules the rules per service and method
     * @param defaultRule the rule of a method no key of {@code rules} names
     * @param contexts where the method's {@code SecurityContext} is set, the one method security reads
     */
    public RpcServerSecurityInterceptor(RpcCallAuthenticator authenticator, RpcAuthorizationRules rules,
            AuthorizationManager<ServerCallContext> defaultRule, SecurityContextHolderStrategy contexts) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.defaultRule = Objects.requireNonNull(defaultRule, "defaultRule");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    public CompletableFuture<Object> intercept(ServerCallContext call, Next next) {
        Authentication authentication = authenticate(call);
        authorize(call, authentication);
        call.put(AUTHENTICATION, authentication);
        SecurityContext context = this.contexts.createEmptyContext();
        context.setAuthentication(authentication);
        CompletableFuture<Object> outcome;
        this.contexts.setContext(context);
        try {
            outcome = next.proceed(call);
        }
        finally {
            this.contexts.clearContext();
        }
        return outcome.exceptionally(failure -> {
            throw translate(call, authentication, failure);
        });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private Authentication authenticate(ServerCallContext call) {
        Authentication authentication;
        try {
            authentication = this.authenticator.authenticate(call);
        }
        catch (AuthenticationServiceException ex) {
            warnThrottled(call, ex);
            throw new RpcException(RpcStatus.UNAVAILABLE, "the server cannot check credentials now; retry later");
        }
        catch (AuthenticationException ex) {
            logger.debug("Refusing {}: credentials rejected", call, ex);
            throw new RpcException(RpcStatus.UNAUTHENTICATED, "the credentials in the '" + AuthorizationMetadata.KEY
                    + "' metadata were rejected; send valid ones (the server logs the reason at DEBUG)");
        }
        return (authentication != null) ? authentication : new AnonymousAuthenticationToken(this.anonymousKey,
                ANONYMOUS_PRINCIPAL, AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    }

    /** Logs a failure to check credentials at WARN, at most once per {@link #WARNING_INTERVAL_NANOS}. */
    private void warnThrottled(ServerCallContext call, AuthenticationServiceException ex) {
        long now = System.nanoTime();
        long last = this.lastWarning.get();
        if ((now - last >= WARNING_INTERVAL_NANOS || last == 0) && this.lastWarning.compareAndSet(last, now)) {
            logger.warn("Cannot check the credentials of {}; answering UNAVAILABLE (warned at most every 10 s)", call, ex);
        }
        else {
            logger.debug("Cannot check the credentials of {}", call, ex);
        }
    }

    private void authorize(ServerCallContext call, Authentication authentication) {
        AuthorizationManager<ServerCallContext> rule = this.ruleByMethod.computeIfAbsent(call.method(), method -> {
            AuthorizationManager<ServerCallContext> named = this.rules.ruleFor(method);
            return (named != null) ? named : this.defaultRule;
        });
        AuthorizationResult result = rule.authorize(() -> authentication, call);
        if (result == null || !result.isGranted()) {
            logger.debug("Refusing {}: {} is not allowed by {}", call, authentication.getName(), rule);
            throw refusal(authentication);
        }
    }

    private RpcException refusal(Authentication authentication) {
        if (this.trustResolver.isAnonymous(authentication)) {
            return new RpcException(RpcStatus.UNAUTHENTICATED, "this method needs credentials: send them in the '"
                    + AuthorizationMetadata.KEY + "' metadata ('Bearer <token>' or 'Basic <base64>')");
        }
        return new RpcException(RpcStatus.PERMISSION_DENIED, "'" + authentication.getName()
                + "' is not allowed to call this method");
    }

    /** Turns what method security throws into the caller's status; leaves every other failure as it is. */
    private RuntimeException translate(ServerCallContext call, Authentication authentication, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AccessDeniedException) {
            logger.debug("Refused {} in method security: {}", call, cause.toString());
            return refusal(authentication);
        }
        if (cause instanceof AuthenticationException) {
            logger.debug("Refused {} in method security: {}", call, cause.toString());
            return new RpcException(RpcStatus.UNAUTHENTICATED, "this method needs other credentials");
        }
        return (failure instanceof CompletionException completion) ? completion : new CompletionException(failure);
    }

    @Override
    public String toString() {
        List<String> keys = this.rules.keys().stream().sorted().toList();
        return "RpcServerSecurityInterceptor(rules " + keys + ", default " + this.defaultRule + ")";
    }
}
