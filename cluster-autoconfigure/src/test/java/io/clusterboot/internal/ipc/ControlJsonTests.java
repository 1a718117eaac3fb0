package io.clusterboot.internal.ipc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ControlJson}.
 *
 * @author ClusterBoot team
 */
class ControlJsonTests {

	@Test
	void writeThenReadShouldKeepEveryKindOfValue() throws MalformedMessageException {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("ready", 2L);
		nested.put("leader", null);
		nested.put("lastOutput", List.of("line \"one\"", "tab\there\nnewline", "\u0001 bell \\ é 😀"));
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("type", "reply");
		value.put("request", 7);
		value.put("pid", 4_000_000_000L);
		value.put("cpu", 12.5);
		value.put("stopping", false);
		value.put("body", nested);
		value.put("empty", Map.of());
		value.put("none", List.of());

		Object read = ControlJson.read(ControlJson.write(value));

		Map<String, Object> expected = new LinkedHashMap<>(value);
		Map<String, Object> expectedNested = new LinkedHashMap<>(nested);
		expectedNested.put("ready", 2);
		expected.put("body", expectedNested);
		assertThat(read).isEqualTo(expected);
		assertThat(List.copyOf(((Map<?, ?>) read).keySet())).isEqualTo(List.copyOf(value.keySet()));
	}

	@Test
	void writeShouldEscapeQuotesBackslashesAndControlCharacters() {
		assertThat(new String(ControlJson.write(List.of("a\"b\\c\n\u0007")), StandardCharsets.UTF_8))
			.isEqualTo("[\"a\\\"b\\\\c\\n\\u0007\"]");
	}

	@Test
	void readShouldAcceptWhitespaceAndEveryEscape() throws MalformedMessageException {
		Object read = read(" {\n\t\"a\" : [ 1 , -2.5e3 , true ] , \"b\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\" } ");
		assertThat(read).isEqualTo(Map.of("a", List.of(1, -2500.0, true), "b", "\"\\/\b\f\n\r\té"));
	}

	@Test
	void readShouldChooseTheSmallestWholeNumberType() throws MalformedMessageException {
		assertThat(read("[0, 2147483647, 2147483648, -9223372036854775808, 9223372036854775808]"))
			.isEqualTo(Arrays.asList(0, Integer.MAX_VALUE, 2147483648L, Long.MIN_VALUE,
					new BigInteger("9223372036854775808")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "{", "{\"a\":1", "{\"a\" 1}", "{a:1}", "{\"a\":1,}", "[1,]", "[1 2]",
			"{\"a\":1} x", "\"open", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"",
			"\"\\u+123\"", "\"\\u١٢٣٤\"", "\"tab\tinside\"", "01", "1.", "-",
			"1e", "+1", ".5", "tru", "nul", "NaN", "'text'" })
	void readShouldRejectWhatIsNotOneJsonValue(String json) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> read(json));
	}

	@Test
	void readShouldNameUnprintableCharactersByCodePoint() {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> read("[\u001b[2J]"))
			.withMessage("Unexpected character U+001B at character 1 of the message");
	}

	@Test
	void readShouldRejectBytesThatAreNotUtf8() {
		byte[] bytes = { '"', (byte) 0xC3, '"' };
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> ControlJson.read(bytes))
			.withMessage("Message is not UTF-8");
	}

	@Test
	void readShouldRejectValuesNestedTooDeeply() throws MalformedMessageException {
		assertThat(read("[".repeat(33) + "]".repeat(33))).isInstanceOf(List.class);
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> read("[".repeat(34) + "]".repeat(34)))
			.withMessageContaining("nested deeper than 32");
	}

	@Test
	void writeShouldRejectWhatJsonCannotHold() {
		assertThatIllegalArgumentException().isThrownBy(() -> ControlJson.write(Map.of("cpu", Double.NaN)));
		assertThatIllegalArgumentException().isThrownBy(() -> ControlJson.write(List.of(new Object())))
			.withMessage("Cannot write a java.lang.Object as JSON");
	}

	private static Object read(String json) throws MalformedMessageException {
		return ControlJson.read(json.getBytes(StandardCharsets.UTF_8));
	}

}
