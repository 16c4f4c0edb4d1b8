@provider-registry
Feature: Service-provider management
  Requirements 5.6.1–5.6.6: a business administrator registers a service provider; another administrator approves it,
  which issues its SPID and a login account whose initial password goes to the provider's contact only. The provider's
  staff then edit their extended attributes, never the basic ones. A blacklisted provider cannot sign in until it is
  restored, and a deregistered one never again. Bad registrations are refused and leave nothing behind.

  Scenario: A provider registered by one administrator is approved by another and its staff edit their extended attributes
    When business administrator "ann" registers the provider "Bank of Specs" with contact e-mail "ops@bank-of-specs.example"
    Then the registry answers 201 and the provider is "pending" without an SPID
    When business administrator "ann" approves the provider
    Then the registry answers 403 "Approval by another account"
    And the provider is "pending"
    When business administrator "bob" approves the provider
    Then the registry answers 200 and the provider is "approved" with an SPID
    And the approval's answer reports the e-mail notice "written" and does not hold the initial password
    And the contact's e-mail carries a 16-character initial password
    When the provider's staff sign in with the SPID and the initial password
    Then the sign-in is accepted
    When the provider's staff change their address to "2 Spec Road"
    Then the registry answers 200 and the provider's address is "2 Spec Road"
    When the provider's staff change their name to "Renamed Bank"
    Then the registry answers 403 "Basic attributes are the operator's"
    And the provider is named "Bank of Specs" with the address "2 Spec Road"

  Scenario: A blacklisted provider cannot sign in until restored, and a deregistered one never again
    Given business administrator "ann" registered the provider "Blacklist Bank" with contact e-mail "ops@blacklist-bank.example"
    And business administrator "bob" approved it
    And the provider's staff signed in with the SPID and the initial password
    When business administrator "bob" blacklists the provider because "fraud suspected"
    Then the registry answers 200 and the provider is "blacklisted"
    And the provider's recorded reason is "fraud suspected"
    And the blacklist lists the provider
    When the provider's staff sign in with the SPID and the initial password
    Then the sign-in is refused with 401 "Not signed in" because the provider is blacklisted or deregistered
    When business administrator "bob" restores the provider because "cleared"
    Then the registry answers 200 and the provider is "approved"
    When the provider's staff sign in with the SPID and the initial password
    Then the sign-in is accepted
    When business administrator "bob" deregisters the provider
    Then the registry answers 200 and the provider is "deregistered"
    And the contact's e-mail tells of the deregistration
    When the provider's staff sign in with the SPID and the initial password
    Then the sign-in is refused with 401 "Not signed in" because the provider is blacklisted or deregistered

  Scenario Outline: A registration with bad input is refused and nothing is pending for it
    Given the registry's pending providers are counted
    When business administrator "ann" registers the provider "<name>" with contact e-mail "<email>" and contact mobile "<mobile>"
    Then the registry answers 400 "Invalid request"
    And no pending provider carries the contact e-mail "<email>"
    And the number of pending providers has not changed

    Examples:
      | case                     | name        | email                  | mobile      |
      | missing name             |             | ops@no-name.example    | 13800138000 |
      | malformed contact mobile | Mobile Bank | ops@bad-mobile.example | 12ab        |
      | malformed contact e-mail | Mail Bank   | not-an-address         | 13800138000 |
