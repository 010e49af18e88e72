package dev.rpc.core.transport.tls;

import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestCertificates.Identity;
import dev.rpc.core.transport.tls.TestSslContexts.Provider;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A reloadable context owns what it is given: it releases each context it replaces, and the last one on close. */
class ReloadableSslContextTests {

    private static final Authority CA = TestCertificates.authority("test CA");

    private static final Identity SERVER = CA.issue("127.0.0.1");

    private TestSslContexts contexts;

    @BeforeEach
    void openSsl() {
        assumeTrue(Provider.OPENSSL.isAvailable(), "reference counting is OpenSSL's; netty-tcnative does not load here");
        contexts = new TestSslContexts(Provider.OPENSSL);
    }

    @AfterEach
    void release() {
        if (contexts != null) {
            contexts.close();
        }
    }

    private SslContext owned() {
        return contexts.unowned(contexts.server(SERVER));
    }

    @Test
    void updateHandsOutTheNewContextAndReleasesThePreviousOne() {
        SslContext first = owned();
        SslContext second = owned();
        try (ReloadableSslContext reloadable = new ReloadableSslContext(first)) {
            reloadable.update(second);

            assertThat(reloadable.get()).isSameAs(second);
            assertThat(refCnt(first)).isZero();
            assertThat(refCnt(second)).isOne();
        }
        assertThat(refCnt(second)).isZero();
    }

    @Test
    void aHandlerKeepsItsContextAliveAfterTheContextWasReplaced() {
        SslContext first = owned();
        ReloadableSslContext reloadable = new ReloadableSslContext(first);
        SslHandler open = SslHandlers.server(reloadable, ByteBufAllocator.DEFAULT);

        reloadable.update(owned());

        assertThat(refCnt(first)).isOne();
        ((ReferenceCounted) open.engine()).release();
        assertThat(refCnt(first)).isZero();
        reloadable.close();
    }

    @Test
    void aContextGivenAfterCloseIsReleasedAtOnce() {
        ReloadableSslContext reloadable = new ReloadableSslContext(owned());
        reloadable.close();
        SslContext late = owned();

        reloadable.update(late);

        assertThat(refCnt(late)).isZero();
    }

    @Test
    void aContextOfTheOtherSideIsRefusedAndReleased() {
        try (ReloadableSslContext reloadable = new ReloadableSslContext(owned())) {
            SslContext client = contexts.unowned(contexts.client(CA));

            assertThatIllegalArgumentException().isThrownBy(() -> reloadable.update(client))
                    .withMessage("a client context cannot replace a server context");
            assertThat(refCnt(client)).isZero();
        }
    }

    @Test
    void aHandlerIsMadeFromTheNextContextWhenTheCurrentOneWasReleasedMeanwhile() {
        SslContext released = owned();
        ((ReferenceCounted) released).release();
        SslContext live = contexts.server(SERVER);
        java.util.Iterator<SslContext> sequence = java.util.List.of(released, live).iterator();

        SslHandler handler = SslHandlers.server(sequence::next, ByteBufAllocator.DEFAULT);

        assertThat(refCnt(live)).isEqualTo(2);
        ((ReferenceCounted) handler.engine()).release();
    }

    @Test
    void aClosedContextFailsNewConnectionsClearly() {
        ReloadableSslContext reloadable = new ReloadableSslContext(owned());
        reloadable.close();

        assertThatIllegalStateException().isThrownBy(() -> SslHandlers.server(reloadable, ByteBufAllocator.DEFAULT))
                .withMessage("the SslContext was released before a connection could use it (was its holder closed?)");
    }

    private static int refCnt(SslContext context) {
        return ((ReferenceCounted) context).refCnt();
    }
}
