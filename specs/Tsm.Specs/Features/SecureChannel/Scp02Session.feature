@secure-channel
Feature: SCP02 secure channel between the platform and a security domain
  Requirement 5.8.9 (security of data download): every card content management command reaches a security domain
  inside an SCP02 session (GP 2.2.1 Appendix E). The platform (host side) and the card side
  are built from the same protocol primitives; these scenarios open sessions between them.

  Background:
    Given a security domain with key set version 01 holding the GlobalPlatform test keys
    And its sequence counter is 0010

  Scenario Outline: A session opens at security level <level> and carries commands
    Given the platform holds the same keys
    When the platform opens a session at security level <level> with "i" = <i>
    Then the security domain accepts EXTERNAL AUTHENTICATE
    And the sequence counter of the session is 0010
    When the platform sends these commands in the session
      | apdu                      |
      | 80F24002024F0000          |
      | 80CA006600                |
      | 80E60C001A05A00000000106A0000000010106A00000000101010002C90000 |
    Then the security domain receives each command exactly as the platform meant it
    And commands on the wire <visibility> the plain data

    Examples:
      | level | i  | visibility         |
      | 01    | 15 | show               |
      | 02    | 15 | do not show        |
      | 03    | 15 | do not show        |
      | 01    | 55 | show               |
      | 03    | 55 | do not show        |

  Scenario: Responses carry an R-MAC at level 13
    Given the platform holds the same keys
    When the platform opens a session at security level 13 with "i" = 15
    And the security domain answers a GET STATUS with data E3054F03A00000 and status 9000
    Then the platform verifies the R-MAC and reads data E3054F03A00000

  Scenario: A platform with the wrong keys does not trust the card
    Given the platform holds other keys
    When the platform tries to open a session at security level 01 with "i" = 15
    Then the platform refuses the card because the card cryptogram does not verify

  Scenario: A forged host cryptogram is refused with 6300
    Given the platform holds the same keys
    When the platform opens a session at security level 01 with "i" = 15 but alters the host cryptogram
    Then the security domain refuses EXTERNAL AUTHENTICATE with 6300

  Scenario: A command altered on the way is refused
    Given the platform holds the same keys
    When the platform opens a session at security level 01 with "i" = 15
    And a command is altered after the platform wrapped it
    Then the security domain rejects the command as not authentic

  Scenario: A replayed command is refused because the MAC chain has moved on
    Given the platform holds the same keys
    When the platform opens a session at security level 01 with "i" = 15
    And the same wrapped command is delivered twice
    Then the security domain accepts the first and rejects the second
