package dev.rpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidMethodKeyException}: which key, as written, and how to write it. */
class InvalidMethodKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMethodKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidMethodKeyException cause) {
        return new FailureAnalysis(cause.getProblem(), cause.getCorrection(), cause);
    }
}
