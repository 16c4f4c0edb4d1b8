@secure-element @security-domain-lifecycle
Feature: Security domain life cycle on the secure element
  Requirements 5.3.1 (security domain attributes), 5.8.3.1 (security domain creation), 5.8.3.2 (security domain key update), 5.8.3.3 (security domain deletion), card side. The platform
  creates a supplementary security domain (辅助安全域) through the issuer security domain (主安全域) with INSTALL
  [for install and make selectable] of module A000000151535041 from load file A0000001515350 with the Security
  Domain privilege and the CMS2AC install parameters in C9: 45 base properties, 46 key version, 47 SCP02 and its
  "i", 48 maximum consecutive authentication failures, 49 fixed managed space (volatile 2 bytes, non-volatile 4
  bytes; absent = shared card space), 4A maximum number of key sets. The new domain holds the issuer security
  domain's keys as transport keys, which the platform replaces with PUT KEY in the new domain's own secure
  channel before setting it PERSONALIZED (个人化).

  Background:
    Given a secure element fresh from the factory
    And the platform reads the free space of the secure element
    And the platform has opened a secure channel with the issuer security domain at security level 03

  Scenario: A security domain in the shared card space is created
    When the issuer security domain creates security domain A00000015153504401 with these CMS2AC parameters
      | parameter                            | tag | value |
      | accepts extradition, may be deleted  | 45  | 01    |
      | key version number                   | 46  | 30    |
      | SCP02 with "i" = 55                  | 47  | 0255  |
      | maximum authentication failures      | 48  | 05    |
      | maximum number of key sets           | 4A  | 04    |
    Then the secure element answers 9000
    And GET STATUS lists security domain A00000015153504401 as SELECTABLE with privileges 800000, associated with the issuer security domain
    And the secure element counts 1 more installed application
    And the free space has gone down by 512 bytes non-volatile and 64 bytes volatile
    And security domain A00000015153504401 reports the same free space as the card

  Scenario: A security domain with a fixed space takes it from the card and manages its content inside it
    When the issuer security domain creates security domain A00000015153504402 with these CMS2AC parameters
      | parameter                            | tag | value        |
      | accepts extradition, may be deleted  | 45  | 01           |
      | key version number                   | 46  | 30           |
      | fixed space: 512 volatile, 16384 NV  | 49  | 020000004000 |
    Then the secure element answers 9000
    And the free space has gone down by 16896 bytes non-volatile and 576 bytes volatile
    And security domain A00000015153504402 reports 16384 bytes non-volatile and 512 bytes volatile free, with 0 applications
    When the issuer security domain loads "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap" for security domain A00000015153504402
    Then the secure element answers 9000
    And GET STATUS lists load file 0102030405 as LOADED with module 0102030405060708, associated with security domain A00000015153504402
    And the free space has gone down by 0 bytes non-volatile and 0 bytes volatile
    And security domain A00000015153504402 reports its fixed space less the load file data block of "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap"

  Scenario: A fixed space larger than the free card space is refused
    When the issuer security domain creates security domain A00000015153504403 with these CMS2AC parameters
      | parameter                            | tag | value        |
      | fixed space: 512 volatile, 1 MiB NV  | 49  | 020000100000 |
    Then the secure element refuses with 6A84 (not enough memory)
    And GET STATUS no longer lists application A00000015153504403

  Scenario: A security domain for a secure channel protocol the card does not offer is refused
    # The card offers SCP02 and SCP03 (Features/SecureElement/Scp03OnCard.feature); SCP01 is not offered.
    When the issuer security domain creates security domain A00000015153504403 with these CMS2AC parameters
      | parameter                            | tag | value |
      | SCP01                                | 47  | 0105  |
    Then the secure element refuses with 6A80 (incorrect data)

  Scenario: The new security domain's transport keys are replaced in its own secure channel, then it is personalized
    Given the issuer security domain has created security domain A00000015153504401 with key version 30
    When the platform opens a secure channel with security domain A00000015153504401 at security level 03 using key version 30 and the issuer security domain's keys
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000
    When the platform replaces key version 30 with key version 31 holding keys 00112233445566778899AABBCCDDEEFF
    Then the secure element answers 9000 with the new key version and the key check values of the new keys
    When the platform sets security domain A00000015153504401 to PERSONALIZED in its own secure channel
    Then the secure element answers 9000
    When the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 30 and the issuer security domain's keys
    Then the security domain refuses INITIALIZE UPDATE with 6A88 (the transport key version is gone)
    When the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 31 and keys 00112233445566778899AABBCCDDEEFF
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000
    When the platform opens a secure channel with the issuer security domain at security level 01
    Then GET STATUS lists security domain A00000015153504401 as PERSONALIZED with privileges 800000, associated with the issuer security domain

  Scenario: Only the security domain itself sets it PERSONALIZED
    Given the issuer security domain has created security domain A00000015153504401 with key version 30
    When the platform sets security domain A00000015153504401 to PERSONALIZED through the issuer security domain
    Then the secure element refuses with 6A80
    And GET STATUS lists security domain A00000015153504401 as SELECTABLE with privileges 800000, associated with the issuer security domain

  Scenario: A locked security domain cannot be selected nor open a secure channel until it is unlocked
    Given the issuer security domain has created security domain A00000015153504401 with key version 30
    When the platform locks application A00000015153504401
    Then the secure element answers 9000
    And GET STATUS lists security domain A00000015153504401 as LOCKED (87) with privileges 800000, associated with the issuer security domain
    When the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 30 and the issuer security domain's keys
    Then the security domain cannot be selected: 6A82
    When the platform opens a secure channel with the issuer security domain at security level 01
    And the platform unlocks application A00000015153504401
    Then the secure element answers 9000
    When the platform opens a secure channel with security domain A00000015153504401 at security level 01 using key version 30 and the issuer security domain's keys
    Then the security domain accepts EXTERNAL AUTHENTICATE with 9000

  Scenario: An empty security domain is deleted and its fixed space returns to the card
    Given the issuer security domain has created security domain A00000015153504402 with a fixed space of 512 bytes volatile and 16384 bytes non-volatile
    When the platform deletes application A00000015153504402
    Then the secure element answers 9000
    And GET STATUS no longer lists application A00000015153504402
    And the free space is back to what it was at the start

  Scenario: A security domain with content is deleted only together with its related objects
    Given the issuer security domain has created security domain A00000015153504402 with a fixed space of 512 bytes volatile and 16384 bytes non-volatile
    And the issuer security domain has loaded "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap" for security domain A00000015153504402
    When the platform deletes application A00000015153504402
    Then the secure element refuses with 6985 (the domain still has content)
    And GET STATUS lists load file 0102030405 as LOADED with module 0102030405060708, associated with security domain A00000015153504402
    When the platform deletes application A00000015153504402 with its related objects
    Then the secure element answers 9000
    And GET STATUS no longer lists application A00000015153504402
    And GET STATUS no longer lists load file 0102030405
    And the free space is back to what it was at the start

  Scenario: The issuer security domain is never deleted
    When the platform deletes application A0000001510000
    Then the secure element refuses with 6985
    When the platform deletes application A0000001510000 with its related objects
    Then the secure element refuses with 6985
    And the platform can still open a secure channel with the issuer security domain
