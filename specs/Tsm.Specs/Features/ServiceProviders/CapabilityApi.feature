@sp-gateway @sp
Feature: Capability API of the service providers' platforms
  Requirement 5.7.1 (service authentication and authorization): a service provider's business platform calls the TSM with its API key; each platform is
  granted capabilities for its providers only. Without a valid key the call is refused (401); a capability not
  granted, or another provider's application or security domain, is refused (403) and nothing is queued. When the
  phone runs the session within the wait, the platform gets the result synchronously (200).

  Background:
    Given a registered phone whose SE runs the e-purse

  Scenario: A call without a valid API key is refused
    When a platform asks to download application A0000007770101 without an API key
    Then the platform answers 401 "Not authenticated"
    When a platform asks to download application A0000007770101 with the API key "not-a-key-of-anyone"
    Then the platform answers 401 "Not authenticated"
    And the answer does not show the key "not-a-key-of-anyone"
    And nothing is queued for the SE

  Scenario: A capability not granted, or another provider's application or SD, is refused with 403
    When the limited platform locks application A0000007770101
    Then the platform answers 403 "Capability not granted"
    When the bank platform downloads application A000000444010101
    Then the platform answers 403 "Not your application"
    When the other platform deletes security domain A000000151535300BB
    Then the platform answers 403 "Not your security domain"
    And nothing is queued for the SE

  Scenario: A download the phone runs within the wait answers 200 with its result
    When the limited platform downloads application A0000007770101
    Then the platform answers 200 with the "download" task succeeded
    And the task is bank's and names application A0000007770101
    And the SE lists application A0000007770101
