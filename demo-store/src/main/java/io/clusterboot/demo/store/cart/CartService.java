package io.clusterboot.demo.store.cart;

import java.util.List;

import io.clusterboot.demo.store.catalog.CatalogService;
import io.clusterboot.demo.store.catalog.InsufficientStockException;
import io.clusterboot.demo.store.catalog.ProductNotFoundException;
import io.clusterboot.demo.store.customer.Address;
import io.clusterboot.demo.store.customer.Customer;
import io.clusterboot.demo.store.customer.CustomerRepository;
import io.clusterboot.demo.store.database.RetryOnTransientFailure;
import io.clusterboot.demo.store.order.OrderRequest;
import io.clusterboot.demo.store.order.OrderService;
import io.clusterboot.demo.store.order.PurchaseOrder;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shows a cart with its products, and turns it into an order of the customer logged in.
 * Each is one transaction, retried as a whole (the calls of other services that it makes
 * take part in it).
 *
 * @author ClusterBoot team
 */
@Service
@RetryOnTransientFailure
@Transactional(readOnly = true)
public class CartService {

	private final CatalogService catalog;

	private final CustomerRepository customers;

	private final OrderService orders;

	CartService(CatalogService catalog, CustomerRepository customers, OrderService orders) {
		this.catalog = catalog;
		this.customers = customers;
		this.orders = orders;
	}

	/**
	 * The lines of a cart with their products.
	 * @param cart the cart
	 * @return its items
	 * @throws ProductNotFoundException if a product left the catalog
	 */
	public List<CartItem> items(Cart cart) {
		return cart.lines()
			.stream()
			.map((line) -> new CartItem(this.catalog.product(line.productId()), line.quantity()))
			.toList();
	}

	/**
	 * Places an order for what the cart holds, shipped to the customer's address.
	 * @param username the user name of the customer
	 * @param cart the cart, not empty
	 * @return the placed order
	 * @throws InsufficientStockException if a product is not in stock in that quantity
	 * @throws ProductNotFoundException if a product left the catalog
	 */
	@Transactional
	public PurchaseOrder checkout(String username, Cart cart) {
		if (cart.isEmpty()) {
			throw new IllegalArgumentException("The cart is empty");
		}
		Customer customer = this.customers.findByUsername(username)
			.orElseThrow(() -> new IllegalStateException("No customer has the user name " + username));
		Address address = customer.getAddress();
		List<OrderRequest.Line> lines = cart.lines()
			.stream()
			.map((line) -> new OrderRequest.Line(line.productId(), line.quantity()))
			.toList();
		return this.orders.place(new OrderRequest(customer.getEmail(), customer.getName(), address.street(),
				address.city(), address.postalCode(), address.country(), lines));
	}

}
