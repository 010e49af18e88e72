package dev.rpc.core.serialization;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One side of a call built against an older version of the shared types, the other against a newer one: each
 * body is written with one version's method serializer and read with the other's.
 */
class InterfaceEvolutionTests {

    // ---------------------------------------------------------------- the older version

    record Ticket(String id, int seats) {
    }

    enum Priority { LOW, HIGH }

    enum Channel { EMAIL, PHONE, @JsonEnumDefaultValue OTHER }

    interface Desk {

        Ticket ticket(Ticket ticket);

        Priority priority(Priority priority);

        Channel channel(Channel channel);

        List<Channel> channels(List<Channel> channels);
    }

    // ---------------------------------------------------------------- the newer version

    record TicketNext(String id, int seats, String assignee, long openedAt, boolean urgent, Integer floor,
            Optional<String> note, List<String> tags) {
    }

    enum PriorityNext { LOW, HIGH, URGENT }

    enum ChannelNext { EMAIL, PHONE, CHAT, OTHER }

    interface DeskNext {

        TicketNext ticket(TicketNext ticket);

        PriorityNext priority(PriorityNext priority);

        ChannelNext channel(ChannelNext channel);

        List<ChannelNext> channels(List<ChannelNext> channels);
    }

    private static final TicketNext NEWER_TICKET = new TicketNext("T-1", 2, "ann", 1_700_000_000_000L, true, 3,
            Optional.of("window seat"), List.of("vip"));

    // ---------------------------------------------------------------- fields

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void fieldsTheReaderDoesNotKnowAreIgnored(SerializationFormat format) {
        MethodSerializer newer = Bodies.serializer(DeskNext.class, "ticket", format);
        MethodSerializer older = Bodies.serializer(Desk.class, "ticket", format);

        Object[] arguments = Bodies.readArguments(older, Bodies.writeArguments(newer, NEWER_TICKET));
        Object result = Bodies.readResult(older, Bodies.writeResult(newer, NEWER_TICKET));

        assertThat(arguments).containsExactly(new Ticket("T-1", 2));
        assertThat(result).isEqualTo(new Ticket("T-1", 2));
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void fieldsTheWriterDoesNotSendArriveAsNullEmptyOrThePrimitiveDefault(SerializationFormat format) {
        MethodSerializer older = Bodies.serializer(Desk.class, "ticket", format);
        MethodSerializer newer = Bodies.serializer(DeskNext.class, "ticket", format);
        TicketNext expected = new TicketNext("T-1", 2, null, 0L, false, null, Optional.empty(), null);

        Object[] arguments = Bodies.readArguments(newer, Bodies.writeArguments(older, new Ticket("T-1", 2)));
        Object result = Bodies.readResult(newer, Bodies.writeResult(older, new Ticket("T-1", 2)));

        assertThat(arguments).containsExactly(expected);
        assertThat(result).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- enum constants

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void anEnumConstantTheReaderDoesNotKnowFailsNamingIt(SerializationFormat format) {
        MethodSerializer newer = Bodies.serializer(DeskNext.class, "priority", format);
        MethodSerializer older = Bodies.serializer(Desk.class, "priority", format);
        byte[] arguments = Bodies.writeArguments(newer, PriorityNext.URGENT);
        byte[] result = Bodies.writeResult(newer, PriorityNext.URGENT);

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> Bodies.readArguments(older, arguments))
                .withMessageContaining("\"URGENT\"");
        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> Bodies.readResult(older, result))
                .withMessageContaining("\"URGENT\"");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void anEnumConstantTheReaderDoesNotKnowArrivesAsItsJsonEnumDefaultValue(SerializationFormat format) {
        MethodSerializer newer = Bodies.serializer(DeskNext.class, "channel", format);
        MethodSerializer older = Bodies.serializer(Desk.class, "channel", format);

        assertThat(Bodies.readArguments(older, Bodies.writeArguments(newer, ChannelNext.CHAT))).containsExactly(Channel.OTHER);
        assertThat(Bodies.readResult(older, Bodies.writeResult(newer, ChannelNext.CHAT))).isEqualTo(Channel.OTHER);
        assertThat(Bodies.readResult(older, Bodies.writeResult(newer, ChannelNext.PHONE))).isEqualTo(Channel.PHONE);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void theJsonEnumDefaultValueAlsoAppliesInsideACollection(SerializationFormat format) {
        MethodSerializer newer = Bodies.serializer(DeskNext.class, "channels", format);
        MethodSerializer older = Bodies.serializer(Desk.class, "channels", format);

        Object result = Bodies.readResult(older, Bodies.writeResult(newer, List.of(ChannelNext.EMAIL, ChannelNext.CHAT)));

        assertThat(result).isEqualTo(List.of(Channel.EMAIL, Channel.OTHER));
    }
}
