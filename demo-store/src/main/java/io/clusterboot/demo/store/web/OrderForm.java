package io.clusterboot.demo.store.web;

import java.util.List;

import io.clusterboot.demo.store.order.OrderRequest;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The "buy now" form of a product page: one product, a quantity and where to ship it.
 *
 * @author ClusterBoot team
 */
public class OrderForm {

	@NotNull
	@Min(1)
	@Max(10)
	private Integer quantity = 1;

	@NotBlank
	@Email
	@Size(max = 200)
	private String email;

	@NotBlank
	@Size(max = 200)
	private String name;

	@NotBlank
	@Size(max = 200)
	private String street;

	@NotBlank
	@Size(max = 100)
	private String city;

	@NotBlank
	@Size(max = 16)
	private String postalCode;

	@NotBlank
	@Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter country code")
	private String country;

	/**
	 * The order this form asks for.
	 * @param productId the product of the page
	 * @return the order request
	 */
	public OrderRequest toRequest(long productId) {
		return new OrderRequest(this.email, this.name, this.street, this.city, this.postalCode,
				this.country.toUpperCase(), List.of(new OrderRequest.Line(productId, this.quantity)));
	}

	public Integer getQuantity() {
		return this.quantity;
	}

	public void setQuantity(Integer quantity) {
		this.quantity = quantity;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getStreet() {
		return this.street;
	}

	public void setStreet(String street) {
		this.street = street;
	}

	public String getCity() {
		return this.city;
	}

	public void setCity(String city) {
		this.city = city;
	}

	public String getPostalCode() {
		return this.postalCode;
	}

	public void setPostalCode(String postalCode) {
		this.postalCode = postalCode;
	}

	public String getCountry() {
		return this.country;
	}

	public void setCountry(String country) {
		this.country = country;
	}

}
