package dev.rpc.spring.boot.diagnostics;

import dev.rpc.core.serialization.UnsafeSerializationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnsafeSerializationException}: a Jackson customization that would let a payload choose the
 * Java class to create, which the client or the server refused.
 */
class UnsafeSerializationFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeSerializationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeSerializationException cause) {
        return new FailureAnalysis("The RPC serialization was refused: " + cause.getMessage(), ACTION, cause);
    }

    static final String ACTION = "Remove what the message names from the RpcMapperBuilderCustomizer beans (or, with "
            + "rpc.serialization.use-application-jackson=true, from the application's Jackson configuration, or turn "
            + "that property off). Nothing received may choose a Java class: each value is read as the type its method "
            + "declares, and a polymorphic type names its subtypes with @JsonTypeInfo(use = Id.NAME) and @JsonSubTypes.";
}
