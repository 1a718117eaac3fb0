package io.clusterboot.internal.ipc;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the JSON of control messages: objects, arrays, text, numbers,
 * booleans and {@code null}.
 * <p>
 * With it the master need not load Jackson (about 600 classes, a few megabytes of its
 * resident memory) for messages of a few hundred bytes whose shape the cluster itself
 * defines. Reading is strict (UTF-8, one value, no trailing text) and
 * bounded in depth, since a message may come from any process that can reach the
 * socket. The control command prints the cluster's status with it too.
 *
 * @author ClusterBoot team
 */
public final class ControlJson {

	private static final int MAX_DEPTH = 32;

	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][-+]?\\d+)?");

	private static final int FRACTION = 2;

	private static final int EXPONENT = 3;

	private final String text;

	private int position;

	private ControlJson(String text) {
		this.text = text;
	}

	/**
	 * Writes a value as UTF-8 JSON.
	 * @param value a map, an iterable, text, a number, a boolean or {@code null}, and
	 * only those within maps and iterables
	 * @return the bytes
	 * @throws IllegalArgumentException if the value holds anything else, or a number
	 * that is not finite
	 */
	public static byte[] write(Object value) {
		StringBuilder json = new StringBuilder(256);
		write(value, json);
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void write(Object value, StringBuilder json) {
		if (value == null || value instanceof Boolean) {
			json.append(value);
		}
		else if (value instanceof CharSequence text) {
			writeText(text, json);
		}
		else if (value instanceof Number number) {
			writeNumber(number, json);
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			String separator = "";
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				json.append(separator);
				writeText(String.valueOf(entry.getKey()), json);
				json.append(':');
				write(entry.getValue(), json);
				separator = ",";
			}
			json.append('}');
		}
		else if (value instanceof Iterable<?> items) {
			json.append('[');
			String separator = "";
			for (Object item : items) {
				json.append(separator);
				write(item, json);
				separator = ",";
			}
			json.append(']');
		}
		else {
			throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON");
		}
	}

	private static void writeNumber(Number number, StringBuilder json) {
		if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
			throw new IllegalArgumentException("Cannot write " + number + " as JSON");
		}
		json.append(number);
	}

	private static void writeText(CharSequence text, StringBuilder json) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * Reads one JSON value from UTF-8 bytes. Objects become {@link LinkedHashMap}s,
	 * arrays {@link List}s, whole numbers {@link Integer}, {@link Long} or
	 * {@link BigInteger}, and other numbers {@link Double}.
	 * @param bytes the bytes
	 * @return the value
	 * @throws MalformedMessageException if the bytes are not one JSON value
	 */
	public static Object read(byte[] bytes) throws MalformedMessageException {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new MalformedMessageException("Message is not UTF-8", ex);
		}
		ControlJson reader = new ControlJson(text);
		Object value = reader.readValue(0);
		reader.skipWhitespace();
		if (reader.position < text.length()) {
			throw reader.malformed("Unexpected text after the value");
		}
		return value;
	}

	private Object readValue(int depth) throws MalformedMessageException {
		if (depth > MAX_DEPTH) {
			throw malformed("Values nested deeper than " + MAX_DEPTH);
		}
		skipWhitespace();
		char c = peek();
		return switch (c) {
			case '{' -> readObject(depth);
			case '[' -> readArray(depth);
			case '"' -> readText();
			case 't' -> readLiteral("true", Boolean.TRUE);
			case 'f' -> readLiteral("false", Boolean.FALSE);
			case 'n' -> readLiteral("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield readNumber();
				}
				throw malformed("Unexpected character " + describe(c));
			}
		};
	}

	private Map<String, Object> readObject(int depth) throws MalformedMessageException {
		Map<String, Object> object = new LinkedHashMap<>();
		this.position++;
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return object;
		}
		do {
			skipWhitespace();
			if (peek() != '"') {
				throw malformed("Expected a name in quotes");
			}
			String name = readText();
			skipWhitespace();
			expect(':');
			object.put(name, readValue(depth + 1));
			skipWhitespace();
		}
		while (next(',', '}') == ',');
		return object;
	}

	private List<Object> readArray(int depth) throws MalformedMessageException {
		List<Object> array = new ArrayList<>();
		this.position++;
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return array;
		}
		do {
			array.add(readValue(depth + 1));
			skipWhitespace();
		}
		while (next(',', ']') == ',');
		return array;
	}

	private String readText() throws MalformedMessageException {
		this.position++;
		StringBuilder text = new StringBuilder();
		while (true) {
			char c = nextChar();
			if (c == '"') {
				return text.toString();
			}
			if (c < 0x20) {
				throw malformed("Control character in text");
			}
			text.append((c == '\\') ? readEscape() : c);
		}
	}

	private char readEscape() throws MalformedMessageException {
		char c = nextChar();
		return switch (c) {
			case '"', '\\', '/' -> c;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> readUnicodeEscape();
			default -> throw malformed("Invalid escape after a backslash: " + describe(c));
		};
	}

	private char readUnicodeEscape() throws MalformedMessageException {
		int unicode = 0;
		for (int i = 0; i < 4; i++) {
			char c = nextChar();
			int digit = (c < 0x80) ? Character.digit(c, 16) : -1;
			if (digit < 0) {
				throw malformed("Invalid \\u escape");
			}
			unicode = unicode * 16 + digit;
		}
		return (char) unicode;
	}

	private Number readNumber() throws MalformedMessageException {
		int start = this.position;
		while (this.position < this.text.length() && "-+.eE0123456789".indexOf(this.text.charAt(this.position)) >= 0) {
			this.position++;
		}
		String number = this.text.substring(start, this.position);
		Matcher matcher = NUMBER.matcher(number);
		if (!matcher.matches()) {
			throw malformed("Invalid number '" + number + "'");
		}
		if (matcher.group(FRACTION) != null || matcher.group(EXPONENT) != null) {
			return Double.valueOf(number);
		}
		BigInteger value = new BigInteger(number);
		if (value.bitLength() < Integer.SIZE) {
			return value.intValue();
		}
		return (value.bitLength() < Long.SIZE) ? (Number) value.longValue() : value;
	}

	private Object readLiteral(String literal, Object value) throws MalformedMessageException {
		if (!this.text.startsWith(literal, this.position)) {
			throw malformed("Unexpected text");
		}
		this.position += literal.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private char peek() throws MalformedMessageException {
		if (this.position >= this.text.length()) {
			throw malformed("Unexpected end");
		}
		return this.text.charAt(this.position);
	}

	private char nextChar() throws MalformedMessageException {
		char c = peek();
		this.position++;
		return c;
	}

	private void expect(char expected) throws MalformedMessageException {
		if (nextChar() != expected) {
			throw malformed("Expected '" + expected + "'");
		}
	}

	private char next(char oneOf, char orOther) throws MalformedMessageException {
		char c = nextChar();
		if (c != oneOf && c != orOther) {
			throw malformed("Expected '" + oneOf + "' or '" + orOther + "'");
		}
		return c;
	}

	/**
	 * Describes a character for a log line: printable ASCII as itself, anything else as
	 * its code point, so that a message cannot write control characters into the log.
	 */
	private static String describe(char c) {
		return (c >= 0x20 && c < 0x7f) ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

	private MalformedMessageException malformed(String reason) {
		return new MalformedMessageException(reason + " at character " + this.position + " of the message", null);
	}

}
