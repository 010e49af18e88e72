package dev.rpc.test.leak;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the {@link LeakRecorder} when the JUnit launcher session opens, before any test class
 * (and so any Netty buffer class) is loaded. Registered through {@code META-INF/services}.
 */
public final class LeakDetectionSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakRecorder.install();
    }
}
