package io.clusterboot.demo;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * For bench/sessions.sh only, added to the demo jar's classpath (PropertiesLauncher's
 * loader.path): Spring Session with its sessions in the JVM's memory, no store to reach
 * and nothing serialized. What any Spring Session store costs at least.
 */
@Configuration
@EnableSpringHttpSession
public class InMemorySpringSession {

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

}
