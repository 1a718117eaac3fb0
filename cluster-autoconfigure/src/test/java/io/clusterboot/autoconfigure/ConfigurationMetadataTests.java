package io.clusterboot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the IDE metadata that the configuration processor generates: every property
 * that {@link ClusterProperties} binds is there with a description, properties with a
 * default show it, and {@code cluster.workers} suggests {@code auto}.
 *
 * @author ClusterBoot team
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Test
	void everyBoundPropertyShouldBeDescribedWithItsDefault() throws IOException {
		Map<String, JsonNode> metadata = properties(read());
		List<String> bound = new ArrayList<>();
		collect("cluster", new ClusterProperties(), bound);
		assertThat(bound).contains("cluster.workers", "cluster.restart.max-delay", "cluster.recycle.max-memory");
		assertThat(metadata.keySet()).containsAll(bound);
		for (String name : bound) {
			assertThat(metadata.get(name).path("description").asString()).as("description of %s", name)
				.isNotBlank();
		}
		assertThat(metadata.get("cluster.workers").path("defaultValue").asString()).isEqualTo("auto");
		assertThat(metadata.get("cluster.process-kill-timeout").path("defaultValue").asString()).isEqualTo("30s");
		assertThat(metadata.get("cluster.enabled").path("defaultValue").asBoolean()).isTrue();
		assertThat(metadata.get("cluster.reload.batch-size").path("defaultValue").asInt()).isEqualTo(1);
	}

	@Test
	void workersShouldHintAuto() throws IOException {
		JsonNode hints = read().path("hints");
		assertThat(hints.valueStream()
			.filter((hint) -> hint.path("name").asString().equals("cluster.workers"))
			.flatMap((hint) -> hint.path("values").valueStream())
			.map((value) -> value.path("value").asString())).contains("auto");
	}

	/**
	 * Collects the names of the properties a bean binds, recursing into nested groups.
	 */
	private static void collect(String prefix, Object bean, List<String> names) {
		BeanWrapperImpl wrapper = new BeanWrapperImpl(bean);
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean.getClass())) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String name = prefix + "." + kebab(descriptor.getName());
			Class<?> type = descriptor.getPropertyType();
			if (descriptor.getWriteMethod() == null && type.getName().startsWith("io.clusterboot.")) {
				collect(name, wrapper.getPropertyValue(descriptor.getName()), names);
			}
			else if (descriptor.getWriteMethod() != null) {
				names.add(name);
			}
		}
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
	}

	private static Map<String, JsonNode> properties(JsonNode metadata) {
		return metadata.path("properties")
			.valueStream()
			.collect(Collectors.toMap((property) -> property.path("name").asString(), Function.identity()));
	}

	private static JsonNode read() throws IOException {
		try (InputStream input = ConfigurationMetadataTests.class.getClassLoader().getResourceAsStream(METADATA)) {
			assertThat(input).as(METADATA).isNotNull();
			return JsonMapper.builder().build().readTree(input);
		}
	}

}
