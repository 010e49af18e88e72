package dev.rpc.core.serialization;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code java.time} type, and {@link TimeZone}, arrives {@code equals} to what was sent, zone, offset and
 * nanoseconds included, in every format, as an argument and as a result, alone and nested.
 */
class JavaTimeRoundTripTests {

    /** Each type on its own, with at least one nanosecond, zone or offset that a lossy encoding would drop. */
    private static final List<Case> SCALARS = List.of(
            new Case("instant", Instant.parse("1969-12-31T23:59:59.999999999Z"),
                    "\"1969-12-31T23:59:59.999999999Z\""),
            new Case("localDate", LocalDate.of(2024, 2, 29), "\"2024-02-29\""),
            new Case("localTime", LocalTime.of(23, 59, 59, 999_999_999), "\"23:59:59.999999999\""),
            new Case("localDateTime", LocalDateTime.of(2026, 3, 29, 2, 30, 0, 1), "\"2026-03-29T02:30:00.000000001\""),
            // the second 02:30 of the night clocks go back: only the offset tells it from the first
            new Case("zonedDateTime", ZonedDateTime.parse("2026-10-25T02:30:00.000000001+01:00[Europe/Paris]"),
                    "\"2026-10-25T02:30:00.000000001+01:00[Europe/Paris]\""),
            new Case("zonedDateTime", ZonedDateTime.of(2026, 7, 14, 9, 0, 0, 500, ZoneOffset.ofHoursMinutes(5, 30)),
                    "\"2026-07-14T09:00:00.0000005+05:30\""),
            new Case("zonedDateTime", ZonedDateTime.of(2026, 7, 14, 9, 0, 0, 0, ZoneId.of("UTC")),
                    "\"2026-07-14T09:00:00Z[UTC]\""),
            new Case("offsetDateTime", OffsetDateTime.of(2026, 7, 14, 9, 0, 0, 7, ZoneOffset.ofHours(-3)),
                    "\"2026-07-14T09:00:00.000000007-03:00\""),
            new Case("offsetTime", OffsetTime.of(9, 0, 0, 7, ZoneOffset.ofHours(9)), "\"09:00:00.000000007+09:00\""),
            new Case("duration", Duration.ofHours(-36).plusNanos(1), "\"PT-35H-59M-59.999999999S\""),
            new Case("period", Period.of(1, -2, 3), "\"P1Y-2M3D\""),
            new Case("year", Year.of(-44), "-44"),
            new Case("yearMonth", YearMonth.of(2026, 2), "\"2026-02\""),
            new Case("monthDay", MonthDay.of(2, 29), "\"--02-29\""),
            new Case("zoneId", ZoneId.of("Europe/Paris"), "\"Europe/Paris\""),
            new Case("zoneId", ZoneId.of("+05:30"), "\"+05:30\""),
            new Case("zoneOffset", ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3), "\"-01:02:03\""),
            new Case("dayOfWeek", DayOfWeek.SUNDAY, "\"SUNDAY\""),
            new Case("month", Month.FEBRUARY, "2"),
            new Case("timeZone", TimeZone.getTimeZone("Europe/Paris"), "\"Europe/Paris\""),
            new Case("timeZone", TimeZone.getTimeZone("GMT+05:30"), "\"GMT+05:30\""));

    private static final Moments MOMENTS = new Moments(Instant.parse("2026-03-01T10:15:30.123456789Z"),
            LocalDate.of(2026, 3, 1), LocalTime.of(10, 15, 30, 1), LocalDateTime.of(2026, 3, 1, 10, 15, 30, 1),
            ZonedDateTime.of(2026, 3, 1, 10, 15, 30, 1, ZoneId.of("Europe/Paris")),
            ZonedDateTime.of(2026, 3, 1, 10, 15, 30, 1, ZoneOffset.ofHours(-5)),
            OffsetDateTime.of(2026, 3, 1, 10, 15, 30, 1, ZoneOffset.ofHours(14)),
            OffsetTime.of(10, 15, 30, 1, ZoneOffset.ofHours(-12)), Duration.ofNanos(1), Period.ofWeeks(3),
            Year.of(2026), YearMonth.of(2026, 3), MonthDay.of(3, 1), ZoneId.of("America/New_York"),
            ZoneId.of("-08:00"), ZoneOffset.UTC, DayOfWeek.MONDAY, Month.DECEMBER, TimeZone.getTimeZone("Asia/Kolkata"));

    /** The same types nested in a record, a list and maps, keys included. */
    private static final List<Case> NESTED = List.of(
            new Case("moments", MOMENTS, null),
            new Case("momentsList", List.of(MOMENTS, MOMENTS), null),
            new Case("momentsMap", Map.of("first", MOMENTS), null),
            new Case("zonedKeys", zonedKeys(), null));

    record Moments(Instant instant, LocalDate localDate, LocalTime localTime, LocalDateTime localDateTime,
            ZonedDateTime zonedInRegion, ZonedDateTime zonedAtOffset, OffsetDateTime offsetDateTime,
            OffsetTime offsetTime, Duration duration, Period period, Year year, YearMonth yearMonth,
            MonthDay monthDay, ZoneId regionZone, ZoneId offsetZone, ZoneOffset zoneOffset, DayOfWeek dayOfWeek,
            Month month, TimeZone timeZone) {
    }

    interface Calendar {

        Instant instant(Instant value);

        LocalDate localDate(LocalDate value);

        LocalTime localTime(LocalTime value);

        LocalDateTime localDateTime(LocalDateTime value);

        ZonedDateTime zonedDateTime(ZonedDateTime value);

        OffsetDateTime offsetDateTime(OffsetDateTime value);

        OffsetTime offsetTime(OffsetTime value);

        Duration duration(Duration value);

        Period period(Period value);

        Year year(Year value);

        YearMonth yearMonth(YearMonth value);

        MonthDay monthDay(MonthDay value);

        ZoneId zoneId(ZoneId value);

        ZoneOffset zoneOffset(ZoneOffset value);

        DayOfWeek dayOfWeek(DayOfWeek value);

        Month month(Month value);

        TimeZone timeZone(TimeZone value);

        Moments moments(Moments value);

        List<Moments> momentsList(List<Moments> value);

        Map<String, Moments> momentsMap(Map<String, Moments> value);

        Map<ZonedDateTime, OffsetDateTime> zonedKeys(Map<ZonedDateTime, OffsetDateTime> value);
    }

    /** A method of {@link Calendar}, a value of its type, and its JSON result body ({@code null} for nested values). */
    record Case(String method, Object value, String json) {

        @Override
        public String toString() {
            return method + " " + value;
        }
    }

    static Stream<Arguments> everyCaseInEveryFormat() {
        return Stream.of(SerializationFormat.values()).flatMap(format -> Stream.concat(SCALARS.stream(), NESTED.stream())
                .map(c -> Arguments.of(format, c)));
    }

    static Stream<Case> scalars() {
        return SCALARS.stream();
    }

    private static Map<ZonedDateTime, OffsetDateTime> zonedKeys() {
        Map<ZonedDateTime, OffsetDateTime> map = new LinkedHashMap<>();
        map.put(MOMENTS.zonedInRegion(), MOMENTS.offsetDateTime());
        map.put(MOMENTS.zonedAtOffset(), OffsetDateTime.of(2026, 3, 1, 10, 15, 30, 1, ZoneOffset.ofHours(1)));
        return map;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCaseInEveryFormat")
    void arrivesExactlyAsAnArgument(SerializationFormat format, Case c) {
        MethodSerializer serializer = Bodies.serializer(Calendar.class, c.method(), format);

        Object[] read = Bodies.readArguments(serializer, Bodies.writeArguments(serializer, c.value()));

        assertThat(read).hasSize(1);
        assertThat(read[0]).isEqualTo(c.value());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCaseInEveryFormat")
    void arrivesExactlyAsAResult(SerializationFormat format, Case c) {
        MethodSerializer serializer = Bodies.serializer(Calendar.class, c.method(), format);

        Object read = Bodies.readResult(serializer, Bodies.writeResult(serializer, c.value()));

        assertThat(read).isEqualTo(c.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void travelsAsReadableTextInJson(Case c) {
        MethodSerializer serializer = Bodies.serializer(Calendar.class, c.method(), SerializationFormat.JSON);

        byte[] body = Bodies.writeResult(serializer, c.value());

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(c.json());
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void nestedValuesKeepTheirZoneAndOffset(SerializationFormat format) {
        MethodSerializer serializer = Bodies.serializer(Calendar.class, "moments", format);

        Moments read = (Moments) Bodies.readResult(serializer, Bodies.writeResult(serializer, MOMENTS));

        assertThat(read.zonedInRegion().getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(read.zonedAtOffset().getZone()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(read.offsetDateTime().getOffset()).isEqualTo(ZoneOffset.ofHours(14));
        assertThat(read.offsetTime().getOffset()).isEqualTo(ZoneOffset.ofHours(-12));
    }
}
