package io.clusterboot.demo.store.web;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.clusterboot.demo.store.catalog.CatalogService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Shopping as a customer: logging in with a user of the store's database, filling the
 * cart kept in the session, and checking out, which places an order of that customer
 * and empties the cart; with the CSRF protection of every form.
 *
 * @author ClusterBoot team
 */
@SpringBootTest
@AutoConfigureMockMvc
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ShoppingTests {

	private static final long BRAZIL_CERRADO = 4;

	private static final long COLD_BREW_BOTTLE = 22;

	private static final long PAPER_FILTERS = 35;

	@TempDir
	static Path dataDirectory;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CatalogService catalog;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("store.data-directory", () -> dataDirectory.toString());
	}

	@Test
	void demoUserLogsIn() throws Exception {
		this.mvc.perform(formLogin("/login").user("alice").password("alice-password"))
			.andExpect(authenticated().withUsername("alice").withRoles("CUSTOMER"))
			.andExpect(redirectedUrl("/"));
	}

	@Test
	void wrongPasswordIsRejected() throws Exception {
		this.mvc.perform(formLogin("/login").user("alice").password("bob-password"))
			.andExpect(unauthenticated())
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void customerWithoutCredentialsCannotLogIn() throws Exception {
		this.mvc.perform(formLogin("/login").user("ada@example.com").password("")).andExpect(unauthenticated());
	}

	@Test
	void loginWithoutCsrfTokenIsForbidden() throws Exception {
		this.mvc.perform(post("/login").param("username", "alice").param("password", "alice-password"))
			.andExpect(status().isForbidden())
			.andExpect(unauthenticated());
	}

	@Test
	void logoutLeadsToTheLoginPageThatSaysSo() throws Exception {
		MockHttpSession bob = login("bob");

		this.mvc.perform(post("/logout").with(csrf()).session(bob))
			.andExpect(unauthenticated())
			.andExpect(redirectedUrl("/login?logout"));

		this.mvc.perform(get("/login?logout"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"logged-out\"")));
	}

	@Test
	void pagesShowWhoIsLoggedIn() throws Exception {
		MockHttpSession alice = login("alice");

		this.mvc.perform(get("/products/1").session(alice))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<span class=\"user\" id=\"logged-in-user\">alice</span>")))
			.andExpect(content().string(containsString("id=\"add-to-cart\"")))
			.andExpect(content().string(containsString("id=\"logout\"")));
	}

	@Test
	void addToCartCheckoutPlacesAnOrderOfTheCustomerAndEmptiesTheCart() throws Exception {
		MockHttpSession bob = login("bob");
		int stock = this.catalog.product(BRAZIL_CERRADO).getStock();

		this.mvc.perform(post("/cart").param("productId", "" + BRAZIL_CERRADO).param("quantity", "2").with(csrf()).session(bob))
			.andExpect(redirectedUrl("/products/" + BRAZIL_CERRADO))
			.andExpect(flash().attribute("message", "Your cart holds 2 × Brazil Cerrado."));
		this.mvc.perform(post("/cart").param("productId", "" + BRAZIL_CERRADO).param("quantity", "1").with(csrf()).session(bob))
			.andExpect(flash().attribute("message", "Your cart holds 3 × Brazil Cerrado."));
		this.mvc.perform(get("/cart").session(bob))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<span id=\"cart-count\">3</span>")))
			.andExpect(content().string(containsString("id=\"cart-item-" + BRAZIL_CERRADO + "\"")))
			.andExpect(content().string(containsString("<th class=\"amount\" id=\"cart-total\">96.00 €</th>")));

		MvcResult checkout = this.mvc.perform(post("/cart/checkout").with(csrf()).session(bob))
			.andExpect(redirectedUrlPattern("/orders/*"))
			.andExpect(flash().attribute("message", "Thank you, your order is placed."))
			.andReturn();
		String order = checkout.getResponse().getRedirectedUrl();

		assertThat(this.catalog.product(BRAZIL_CERRADO).getStock()).isEqualTo(stock - 3);
		assertThat(bob.getAttribute(CartController.CART)).as("the cart in the session").isNull();
		this.mvc.perform(get(order).session(bob))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Bob Smith")))
			.andExpect(content().string(containsString("Brazil Cerrado")))
			.andExpect(content().string(containsString("<span id=\"cart-count\">0</span>")));
		this.mvc.perform(get("/orders").session(bob))
			.andExpect(content().string(containsString("id=\"order-" + order.substring("/orders/".length()) + "\"")));
		this.mvc.perform(get(order).session(login("alice"))).andExpect(status().isNotFound());
		this.mvc.perform(get("/orders").session(login("alice")))
			.andExpect(content().string(not(containsString("id=\"order-"))));
	}

	@Test
	void checkoutOfMoreThanTheStockKeepsTheCart() throws Exception {
		MockHttpSession alice = login("alice");
		int stock = this.catalog.product(COLD_BREW_BOTTLE).getStock();
		this.mvc.perform(post("/cart").param("productId", "" + COLD_BREW_BOTTLE)
			.param("quantity", "" + (stock + 1))
			.with(csrf())
			.session(alice));

		this.mvc.perform(post("/cart/checkout").with(csrf()).session(alice))
			.andExpect(redirectedUrl("/cart"))
			.andExpect(flash().attribute("error", containsString("Only " + stock + " of Cold Brew Bottle in stock")));

		assertThat(this.catalog.product(COLD_BREW_BOTTLE).getStock()).isEqualTo(stock);
		this.mvc.perform(get("/cart").session(alice))
			.andExpect(content().string(containsString("id=\"cart-item-" + COLD_BREW_BOTTLE + "\"")));
	}

	@Test
	void removingTheLastProductEmptiesTheCart() throws Exception {
		MockHttpSession alice = login("alice");
		this.mvc.perform(post("/cart").param("productId", "" + PAPER_FILTERS).with(csrf()).session(alice));

		this.mvc.perform(post("/cart/remove").param("productId", "" + PAPER_FILTERS).with(csrf()).session(alice))
			.andExpect(redirectedUrl("/cart"));

		this.mvc.perform(get("/cart").session(alice))
			.andExpect(content().string(containsString("id=\"cart-empty\"")))
			.andExpect(content().string(not(containsString("id=\"checkout\""))));
		this.mvc.perform(post("/cart/checkout").with(csrf()).session(alice))
			.andExpect(redirectedUrl("/cart"))
			.andExpect(flash().attribute("message", "Your cart is empty."));
	}

	@Test
	void addToCartWithoutCsrfTokenIsForbidden() throws Exception {
		MockHttpSession alice = login("alice");

		this.mvc.perform(post("/cart").param("productId", "1").session(alice)).andExpect(status().isForbidden());

		assertThat(alice.getAttribute(CartController.CART)).isNull();
	}

	@Test
	void anonymousAddToCartAsksForLogin() throws Exception {
		this.mvc.perform(post("/cart").param("productId", "1").with(csrf())).andExpect(redirectedUrl("/login"));
	}

	@Test
	void quantityOutOfRangeIsABadRequest() throws Exception {
		this.mvc.perform(post("/cart").param("productId", "1").param("quantity", "11").with(csrf()).session(login("bob")))
			.andExpect(status().isBadRequest());
	}

	private MockHttpSession login(String username) throws Exception {
		MvcResult result = this.mvc.perform(formLogin("/login").user(username).password(username + "-password"))
			.andExpect(authenticated())
			.andReturn();
		return (MockHttpSession) result.getRequest().getSession(false);
	}

}
