package io.clusterboot.demo;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The session attributes of the demo's {@code /visits} endpoints, in a single process:
 * a counter per session, and a payload of a chosen size that {@code bench/sessions.sh}
 * fills the cluster's session store with.
 *
 * @author ClusterBoot team
 */
@WebMvcTest(VisitsController.class)
@ImportAutoConfiguration(CacheAutoConfiguration.class) // the application's @EnableCaching needs a CacheManager
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class VisitsControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void visitsCountPerSession() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(get("/visits").session(session)).andExpect(jsonPath("$.visits").value(1));
		this.mvc.perform(get("/visits").session(session)).andExpect(jsonPath("$.visits").value(2));
		this.mvc.perform(get("/visits").session(new MockHttpSession())).andExpect(jsonPath("$.visits").value(1));
	}

	@Test
	void payloadOfTheRequestedSizeReplacesThePreviousOne() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(post("/visits/payload").param("bytes", "1024").session(session))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.bytes").value(1024));
		assertThat((byte[]) session.getAttribute("payload")).hasSize(1024);

		this.mvc.perform(post("/visits/payload").param("bytes", "0").session(session)).andExpect(status().isOk());
		assertThat((byte[]) session.getAttribute("payload")).isEmpty();
	}

	@Test
	void payloadOutsideItsBoundsIsRefused() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(post("/visits/payload").param("bytes", "-1").session(session))
			.andExpect(status().isBadRequest());
		this.mvc.perform(post("/visits/payload").param("bytes", String.valueOf(1024 * 1024 + 1)).session(session))
			.andExpect(status().isBadRequest());
		assertThat(session.getAttribute("payload")).isNull();
	}

}
