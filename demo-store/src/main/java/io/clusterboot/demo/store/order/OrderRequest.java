package io.clusterboot.demo.store.order;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An order to place: who orders, where it goes, and what.
 *
 * @param email the customer's e-mail address
 * @param name the customer's name
 * @param street the street and number to ship to
 * @param city the city to ship to
 * @param postalCode the postal code to ship to
 * @param country the ISO 3166 code of the country to ship to
 * @param lines what is ordered
 * @author ClusterBoot team
 */
public record OrderRequest(@NotBlank @Email @Size(max = 200) String email, @NotBlank @Size(max = 200) String name,
		@NotBlank @Size(max = 200) String street, @NotBlank @Size(max = 100) String city,
		@NotBlank @Size(max = 16) String postalCode, @NotBlank @Pattern(regexp = "[A-Z]{2}") String country,
		@NotEmpty @Size(max = 20) List<@Valid @NotNull Line> lines) {

	/**
	 * A product and the quantity ordered.
	 *
	 * @param productId the id of the product
	 * @param quantity the quantity
	 */
	public record Line(@NotNull Long productId, @Min(1) @Max(10) int quantity) {

	}

}
