package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer of the demo-store without a browser, over raw HTTP with a new connection for
 * every request: the store's login form and its CSRF token, the cart and the checkout, on
 * whichever host (the port of a cluster) each call names. Only the cookies tie the
 * requests together: the session ({@code SESSION}) and the CSRF token
 * ({@code XSRF-TOKEN}), which a browser would send to every host of the store's domain.
 * <p>
 * Like {@link Shopper}, the customer keeps account of what the store must show: the cart
 * holds every item added since the last checkout, the order pages list every order placed
 * (the customer starts with none), and every page that needs a login shows the customer
 * logged in.
 *
 * @author ClusterBoot team
 */
final class StoreCustomer {

	/** The cookies the store sets, up to the first {@code ;} of a {@code Set-Cookie}. */
	private static final Pattern COOKIE = Pattern.compile("(?:^|, )(SESSION|XSRF-TOKEN)=([^;,\\s]*)");

	/** How long a page may take, as a browser waits for one: the first of a worker, on 2 busy cores. */
	private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern SERVED_BY = Pattern.compile("id=\"served-by\">process (\\d+)");

	private static final Pattern CART_ITEM = Pattern
		.compile("id=\"cart-item-(\\d+)\">.*?class=\"amount quantity\">(\\d+)<", Pattern.DOTALL);

	private static final Pattern ORDER_ROW = Pattern.compile("id=\"order-(\\d+)\"");

	/** Orders on a page of {@code /orders}. */
	private static final int ORDERS_PAGE_SIZE = 20;

	private static final Pattern ORDER_PATH = Pattern.compile("/orders/(\\d+)$");

	private final String username;

	private final String password;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final Map<Long, Integer> cart = new LinkedHashMap<>();

	private final List<Long> orders = new ArrayList<>();

	private int pages;

	StoreCustomer(String username, String password) {
		this.username = username;
		this.password = password;
	}

	/**
	 * Logs in with the store's form: the login page for a CSRF token, then the form.
	 * @param port the host
	 * @throws IOException if a request fails
	 */
	void logIn(int port) throws IOException {
		HttpResponse loginPage = get(port, "/login");
		assertThat(loginPage.status()).as("GET /login on port %d: %s", port, loginPage).isEqualTo(200);
		String csrf = csrfToken(port, loginPage.body());
		HttpResponse response = post(port, "/login",
				"username=" + encode(this.username) + "&password=" + encode(this.password) + "&_csrf=" + csrf);
		assertThat(response.status()).as("POST /login on port %d: %s", port, response).isEqualTo(302);
		assertThat(response.headers().get("location")).as("where the login leads").doesNotContain("error");
		assertThat(this.cookies).as("cookies after the login").containsKey("SESSION");
	}

	/**
	 * Loads a page that needs a login and checks that it shows the customer logged in.
	 * @param port the host
	 * @param path the page
	 * @return the page
	 * @throws IOException if the request fails
	 */
	Page page(int port, String path) throws IOException {
		HttpResponse response = get(port, path);
		assertThat(response.status()).as("GET %s on port %d (page %d of %s), logged in: %s", path, port,
				this.pages + 1, this.username, response).isEqualTo(200);
		Page page = new Page(response.body());
		assertThat(page.text("logged-in-user")).as("user logged in on %s on port %d", path, port)
			.hasValue(this.username);
		this.pages++;
		return page;
	}

	/**
	 * Adds a product to the cart from its page, as its form does.
	 * @param port the host
	 * @param product the product's id
	 * @param quantity how many
	 * @throws IOException if a request fails
	 */
	void add(int port, long product, int quantity) throws IOException {
		String csrf = csrfToken(port, page(port, "/products/" + product).html());
		HttpResponse response = post(port, "/cart", "productId=" + product + "&quantity=" + quantity + "&_csrf=" + csrf);
		assertThat(response.status()).as("POST /cart on port %d: %s", port, response).isEqualTo(302);
		assertThat(response.headers().get("location")).as("after adding %d", product)
			.endsWith("/products/" + product);
		this.cart.merge(product, quantity, Integer::sum);
	}

	/**
	 * Views the cart, which must hold exactly the items added since the last checkout.
	 * @param port the host
	 * @return the page
	 * @throws IOException if the request fails
	 */
	Page checkCart(int port) throws IOException {
		Page page = page(port, "/cart");
		Map<Long, Integer> shown = new LinkedHashMap<>();
		Matcher matcher = CART_ITEM.matcher(page.html());
		while (matcher.find()) {
			shown.put(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)));
		}
		assertThat(shown).as("the cart on port %d (page %d)", port, this.pages).containsExactlyInAnyOrderEntriesOf(this.cart);
		int items = this.cart.values().stream().mapToInt(Integer::intValue).sum();
		assertThat(page.text("cart-count")).as("cart count on port %d", port).hasValue(Integer.toString(items));
		return page;
	}

	/**
	 * Places the order of the cart with the cart's form.
	 * @param port the host
	 * @return the order's id
	 * @throws IOException if a request fails
	 */
	long checkOut(int port) throws IOException {
		String csrf = csrfToken(port, checkCart(port).html());
		HttpResponse response = post(port, "/cart/checkout", "_csrf=" + csrf);
		assertThat(response.status()).as("POST /cart/checkout on port %d: %s", port, response).isEqualTo(302);
		String location = response.headers().getOrDefault("location", "");
		Matcher order = ORDER_PATH.matcher(location);
		assertThat(order.find()).as("the checkout leads to an order: %s", location).isTrue();
		long id = Long.parseLong(order.group(1));
		this.orders.add(id);
		this.cart.clear();
		return id;
	}

	/**
	 * Views the orders, page by page, which must be exactly those placed.
	 * @param port the host
	 * @throws IOException if a request fails
	 */
	void checkOrders(int port) throws IOException {
		Set<Long> shown = new LinkedHashSet<>();
		int pages = Math.max(1, (this.orders.size() + ORDERS_PAGE_SIZE - 1) / ORDERS_PAGE_SIZE);
		for (int number = 0; number < pages; number++) {
			Matcher matcher = ORDER_ROW.matcher(page(port, "/orders?page=" + number).html());
			while (matcher.find()) {
				shown.add(Long.parseLong(matcher.group(1)));
			}
		}
		assertThat(shown).as("orders listed on port %d", port).containsExactlyInAnyOrderElementsOf(this.orders);
	}

	/**
	 * The session's id, as the store's session cookie carries it (Spring Session's cookie
	 * holds it in Base64).
	 * @return the id
	 */
	String sessionId() {
		return new String(Base64.getDecoder().decode(this.cookies.get("SESSION")), StandardCharsets.UTF_8);
	}

	/**
	 * How many pages the customer loaded logged in.
	 * @return the count
	 */
	int pages() {
		return this.pages;
	}

	List<Long> orders() {
		return List.copyOf(this.orders);
	}

	private String csrfToken(int port, String html) {
		Matcher matcher = CSRF_FIELD.matcher(html);
		assertThat(matcher.find()).as("a form with a CSRF token on port %d", port).isTrue();
		return encode(matcher.group(1));
	}

	private HttpResponse get(int port, String path) throws IOException {
		return exchange(port, path, null);
	}

	private HttpResponse post(int port, String path, String form) throws IOException {
		return exchange(port, path, form);
	}

	private HttpResponse exchange(int port, String path, String form) throws IOException {
		List<String> headers = this.cookies.isEmpty() ? List.of()
				: List.of("Cookie: " + this.cookies.entrySet()
					.stream()
					.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
					.collect(Collectors.joining("; ")));
		try (HttpConnection connection = HttpConnection.open(port, PAGE_TIMEOUT)) {
			if (form != null) {
				connection.sendForm(path, true, "text/html", headers, form);
			}
			else {
				connection.send("GET", path, true, "text/html", headers);
			}
			HttpResponse response = connection.readResponse();
			keepCookies(response);
			return response;
		}
	}

	private void keepCookies(HttpResponse response) {
		String setCookie = response.headers().get("set-cookie");
		if (setCookie == null) {
			return;
		}
		Matcher matcher = COOKIE.matcher(setCookie);
		while (matcher.find()) {
			if (matcher.group(2).isEmpty()) {
				this.cookies.remove(matcher.group(1));
			}
			else {
				this.cookies.put(matcher.group(1), matcher.group(2));
			}
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * A page of the store.
	 *
	 * @param html its HTML
	 */
	record Page(String html) {

		/**
		 * The process that served the page, from its footer.
		 * @return its pid
		 */
		long servedBy() {
			Matcher matcher = SERVED_BY.matcher(this.html);
			assertThat(matcher.find()).as("the footer naming the process that served the page").isTrue();
			return Long.parseLong(matcher.group(1));
		}

		/**
		 * The text of the element with an id, if it has only text.
		 * @param id the id
		 * @return the text, trimmed
		 */
		Optional<String> text(String id) {
			Matcher matcher = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(this.html);
			return matcher.find() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
		}

	}

}
