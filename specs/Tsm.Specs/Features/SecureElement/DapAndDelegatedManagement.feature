@secure-element @dap
Feature: DAP verification and delegated management on the secure element
  Requirement 5.8.9.3 (keys DAP and Token; DAP-mode SDs get data the third party signs, token-mode SDs are managed
  with tokens the platform's interface verifies), after GP Card Specification 2.2.1 Appendix C and docs/dap-and-tokens.md:
  an SD with the DAP Verification privilege checks the DAP block of every load file associated with it; an SD with
  Delegated Management needs a token signed by the Card Issuer's Token key for each load, install and delete, and the
  card returns a receipt under the Receipt key that the platform verifies.

  Background:
    Given a secure element whose issuer holds a Token key and a Receipt key

  Scenario: The provider's DES DAP lets its load file into its DAP-mode SD
    Given a DAP-mode SD A000000151535300D3 with the DES DAP key 00112233445566778899AABBCCDDEEFF
    When the platform loads the provider's file into A000000151535300D3 with a DAP signed by 00112233445566778899AABBCCDDEEFF
    Then the last LOAD is answered with 9000
    And the load file is on the card

  Scenario Outline: A load file without the right DAP is refused and leaves nothing behind
    Given a DAP-mode SD A000000151535300D3 with the DES DAP key 00112233445566778899AABBCCDDEEFF
    When the platform loads the provider's file into A000000151535300D3 <with>
    Then the last LOAD is answered with 6982
    And the load file is not on the card

    Examples:
      | with                                                   |
      | without a DAP block                                    |
      | with a DAP signed by FFEEDDCCBBAA99887766554433221100 |

  Scenario: A token-mode SD loads with the Card Issuer's token and gets a receipt the platform verifies
    Given a token-mode SD A000000151535300D4
    When the token-mode SD A000000151535300D4 loads the file with a token
    Then the last LOAD is answered with 9000
    And the answer carries a load receipt for A000000151535300D4 that verifies under the Receipt key, with counter 0

  Scenario: Without a token the token-mode SD is refused
    Given a token-mode SD A000000151535300D4
    When the token-mode SD A000000151535300D4 loads the file without a token
    Then the INSTALL for load is answered with 6982
    And the load file is not on the card
