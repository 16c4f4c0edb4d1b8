@secure-element @secure-channel-on-card
Feature: Secure channel on the secure element
  Requirements 5.8.9.2 (secure channel) and 5.8.9.3 (key management), card side: every content management command reaches a security
  domain inside an explicit SCP02 session; the SE refuses wrong keys with 6300 and, after the security domain's
  maximum number of consecutive failures (CMS2AC tag 48), blocks the domain (6983). Several key versions of one
  security domain coexist while a batch of SEs is re-keyed. Security levels: 01 (C-MAC), 02 (C-DEC without C-MAC,
  the CMS2AC level of requirement 5.8.9.2 that GP 2.2.1 leaves undefined, see docs/protocol.md), 03 (C-MAC + C-DEC), 11 and 13
  (with R-MAC). Any other level is refused with 6A86.

  Background:
    Given a secure element fresh from the factory

  Scenario Outline: The issuer security domain opens a session at security level <level>
    When the platform opens a secure channel with the issuer security domain at security level <level>
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000
    And GET STATUS in the session lists the Mifare Card Manager A0000003964D66344D0002

    Examples:
      | level |
      | 01    |
      | 02    |
      | 03    |
      | 11    |
      | 13    |

  Scenario: An undefined security level is refused
    When the platform authenticates to the issuer security domain with the right keys asking for security level 04
    Then the secure element refuses with 6A86 (no such SCP02 security level)

  Scenario: Content management outside a secure channel is refused
    When the platform sends INSTALL [for load] of "pysim-hellostk.cap" without a secure channel
    Then the secure element refuses with 6982 (security status not satisfied)

  Scenario: Wrong keys are refused with 6300 and the issuer security domain does not block
    When the platform authenticates to the issuer security domain 5 times with keys 0123456789ABCDEFFEDCBA9876543210
    Then the secure element refuses each attempt with 6300
    And the platform can still open a secure channel with the issuer security domain

  Scenario: A security domain blocks after its maximum number of consecutive failures
    Given the issuer security domain has created security domain A00000015153504401 allowing 3 consecutive authentication failures
    When the platform authenticates to security domain A00000015153504401 3 times with keys 0123456789ABCDEFFEDCBA9876543210
    Then the secure element refuses each attempt with 6300
    When the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 30 and the issuer security domain's keys
    Then the security domain refuses INITIALIZE UPDATE with 6983 (authentication method blocked)

  Scenario: A successful authentication resets the failure count
    Given the issuer security domain has created security domain A00000015153504401 allowing 3 consecutive authentication failures
    When the platform authenticates to security domain A00000015153504401 2 times with keys 0123456789ABCDEFFEDCBA9876543210
    And the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 30 and the issuer security domain's keys
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000
    When the platform authenticates to security domain A00000015153504401 2 times with keys 0123456789ABCDEFFEDCBA9876543210
    And the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 30 and the issuer security domain's keys
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000

  Scenario: Several key versions coexist while the keys are rotated
    Given the platform has opened a secure channel with the issuer security domain at security level 03
    When the platform adds key version 02 holding keys 00112233445566778899AABBCCDDEEFF
    Then the secure element answers 9000 with the new key version and the key check values of the new keys
    And GET DATA E0 of the issuer security domain lists key versions 01, 02
    When the platform opens a secure channel with the issuer security domain at security level 01 using key version 01 and keys 404142434445464748494A4B4C4D4E4F
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000
    When the platform opens a secure channel with the issuer security domain at security level 01 using key version 02 and keys 00112233445566778899AABBCCDDEEFF
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000
    When the platform deletes key version 01 in the session
    Then the secure element answers 9000
    And GET DATA E0 of the issuer security domain lists key versions 02
    When the platform opens a secure channel with the issuer security domain at security level 01 using key version 01 and keys 404142434445464748494A4B4C4D4E4F
    Then the security domain refuses INITIALIZE UPDATE with 6A88 (no such key version)

  Scenario: The last key set of a security domain is not deleted
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    When the platform deletes key version 01 in the session
    Then the secure element refuses with 6985
