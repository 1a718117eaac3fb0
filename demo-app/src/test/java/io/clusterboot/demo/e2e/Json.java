package io.clusterboot.demo.e2e;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON the demo application answers with into records. Properties the records do
 * not name are ignored, so that the product may add to its answers.
 *
 * @author ClusterBoot team
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private Json() {
	}

	/**
	 * Reads a JSON document that must be there.
	 * @param json the document
	 * @param type the record to read it into
	 * @param <T> the type
	 * @return the value
	 * @throws AssertionError if the document is not valid JSON of that shape
	 */
	static <T> T read(String json, Class<T> type) {
		try {
			return MAPPER.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new AssertionError("Not a " + type.getSimpleName() + ": " + json, ex);
		}
	}

	/**
	 * Reads a body that may not be JSON at all (an error page, say).
	 * @param json the text
	 * @param type the record to read it into
	 * @param <T> the type
	 * @return the value, or empty if the text is not JSON of that shape
	 */
	static <T> Optional<T> tryRead(String json, Class<T> type) {
		try {
			return Optional.ofNullable(MAPPER.readValue(json, type));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
