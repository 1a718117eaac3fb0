package io.clusterboot.demo.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer of the demo-store in a {@link StoreBrowser}, who keeps account of what the
 * store must show: the cart holds every item added since the last checkout, and the
 * order pages list every order placed.
 *
 * @author ClusterBoot team
 */
final class Shopper {

	/** Products with stock for every add of a test (40 and more in the store's catalog). */
	private static final long[] PRODUCTS = { 1, 2, 6, 10 };

	/** Items added between two checkouts. */
	private static final int ITEMS_PER_ORDER = 3;

	/** Orders on a page of {@code /orders}. */
	private static final int ORDERS_PAGE_SIZE = 20;

	private static final String ORDER_ROW_PREFIX = "order-";

	private final StoreBrowser browser;

	private final Map<Long, Integer> cart = new LinkedHashMap<>();

	private final List<Long> orders = new ArrayList<>();

	private int added;

	Shopper(StoreBrowser browser) {
		this.browser = browser;
	}

	/**
	 * Logs in as the store's demo user alice, whose cart is empty and who has placed no
	 * order yet.
	 */
	void logIn() {
		this.browser.logIn("alice", "alice-password", "cart-count");
		checkOrders();
	}

	/**
	 * Shops until the round that checks out, which is at most {@value #ITEMS_PER_ORDER}
	 * rounds away.
	 */
	void shopToCheckout() {
		int orders = this.orders.size();
		while (this.orders.size() == orders) {
			shop();
		}
	}

	/**
	 * One round of shopping: a product's page, one more of it in the cart, the cart; and
	 * every {@value #ITEMS_PER_ORDER} items the checkout.
	 */
	void shop() {
		long product = PRODUCTS[this.added % PRODUCTS.length];
		this.browser.open("/products/" + product, "add-to-cart");
		this.browser.submit("add-to-cart", "message");
		this.added++;
		int quantity = this.cart.merge(product, 1, Integer::sum);
		assertThat(this.browser.text("message")).as("message after adding product %d", product)
			.hasValueSatisfying((message) -> assertThat(message).startsWith("Your cart holds " + quantity + " × "));
		assertCartCount();
		viewCart();
		if (this.added % ITEMS_PER_ORDER == 0) {
			checkOut();
		}
	}

	/**
	 * Views the cart, which must hold exactly the items added since the last checkout.
	 */
	void viewCart() {
		this.browser.open("/cart", this.cart.isEmpty() ? "cart-empty" : "cart-items");
		Map<Long, Integer> shown = new LinkedHashMap<>();
		for (WebElement row : this.browser.elements("#cart-items tbody tr")) {
			long product = Long.parseLong(row.getDomAttribute("id").substring("cart-item-".length()));
			shown.put(product, Integer.parseInt(row.findElement(By.className("quantity")).getText().trim()));
		}
		assertThat(shown).as("the cart shown after %d page loads", this.browser.pageLoads())
			.containsExactlyInAnyOrderEntriesOf(this.cart);
		assertCartCount();
	}

	private void checkOut() {
		this.browser.submit("checkout", "order-title");
		String path = this.browser.path();
		assertThat(path).as("page after the checkout").matches("/orders/\\d+");
		long order = Long.parseLong(path.substring("/orders/".length()));
		assertThat(this.browser.text("order-title")).as("title of order %d", order).hasValue("Order #" + order);
		assertThat(this.browser.text("message")).as("message after the checkout")
			.hasValue("Thank you, your order is placed.");
		this.orders.add(order);
		this.cart.clear();
		assertCartCount();
	}

	private void assertCartCount() {
		int items = this.cart.values().stream().mapToInt(Integer::intValue).sum();
		assertThat(this.browser.text("cart-count")).as("cart count in the header of %s", this.browser.path())
			.hasValue(Integer.toString(items));
	}

	/**
	 * Views the orders, page by page: they must be exactly the orders placed.
	 */
	void checkOrders() {
		if (this.orders.isEmpty()) {
			this.browser.open("/orders", "no-orders");
			return;
		}
		Set<Long> shown = new LinkedHashSet<>();
		int pages = (this.orders.size() + ORDERS_PAGE_SIZE - 1) / ORDERS_PAGE_SIZE;
		for (int page = 0; page < pages; page++) {
			this.browser.open("/orders?page=" + page, "orders");
			for (WebElement row : this.browser.elements("#orders tbody tr")) {
				shown.add(Long.parseLong(row.getDomAttribute("id").substring(ORDER_ROW_PREFIX.length())));
			}
		}
		assertThat(shown).as("orders listed on /orders").containsExactlyInAnyOrderElementsOf(this.orders);
	}

	/**
	 * The orders placed so far.
	 * @return their ids, oldest first
	 */
	List<Long> orders() {
		return List.copyOf(this.orders);
	}

	/**
	 * How many items were added to the cart so far.
	 * @return the count
	 */
	int added() {
		return this.added;
	}

}
