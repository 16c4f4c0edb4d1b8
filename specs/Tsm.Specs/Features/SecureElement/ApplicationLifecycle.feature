@secure-element @application-lifecycle
Feature: Application life cycle on the secure element
  Requirements 5.8.4.1 (application download), 5.8.4.2 (application deletion), 5.8.4.3 (application lock and unlock) and 5.8.7.1 (space management), seen from the card:
  what the simulated SE does with the GlobalPlatform commands the platform sends through the issuer security
  domain (主安全域). The platform reads the free space with GET DATA FF21 before and after each operation and the
  registry with GET STATUS. The load file is a real CAP: shared/data/cap/pysim-hellostk.cap (package D07002CA44,
  applet D07002CA44900101); on this SE its instances run the simulator's e-purse, personalized with DGI 0101 (key)
  and DGI 0102 (balance).

  Background:
    Given a secure element fresh from the factory
    And the platform reads the free space of the secure element

  Scenario Outline: An application is downloaded, installed and personalized at security level <level>
    Given the platform has opened a secure channel with the issuer security domain at security level <level>
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the secure element answers 9000
    And GET STATUS lists load file D07002CA44 as LOADED with module D07002CA44900101, associated with the issuer security domain
    And the free non-volatile space has gone down by exactly the size of the load file data block
    When the platform installs application D07002CA4490010101 from module D07002CA44900101 and makes it selectable
    Then the secure element answers 9000
    And GET STATUS lists application D07002CA4490010101 as SELECTABLE, associated with the issuer security domain
    And the secure element counts 1 more installed application
    And the free space has gone down by 512 bytes non-volatile and 64 bytes volatile
    And application D07002CA4490010101 can be selected on a logical channel
    When the platform personalizes application D07002CA4490010101 with purse key 0123456789ABCDEFFEDCBA9876543210 and balance 00002710
    Then the secure element answers 9000
    And application D07002CA4490010101 answers GET BALANCE with 00002710

    Examples:
      | level |
      | 01    |
      | 03    |

  Scenario: An application installed without "make selectable" cannot be selected until it is made selectable
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    And the load file of "pysim-hellostk.cap" has been downloaded
    When the platform installs application D07002CA4490010101 from module D07002CA44900101 without making it selectable
    Then GET STATUS lists application D07002CA4490010101 as INSTALLED, associated with the issuer security domain
    And application D07002CA4490010101 cannot be selected
    When the platform makes application D07002CA4490010101 selectable
    Then the secure element answers 9000
    And GET STATUS lists application D07002CA4490010101 as SELECTABLE, associated with the issuer security domain
    And application D07002CA4490010101 can be selected on a logical channel

  Scenario: Install parameters C7 and C8 set what an instance takes from the free space
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    And the load file of "pysim-hellostk.cap" has been downloaded
    And the platform reads the free space of the secure element
    When the platform installs application D07002CA4490010101 from module D07002CA44900101 with a volatile quota of 200 bytes and a non-volatile quota of 3000 bytes
    Then the secure element answers 9000
    And the free space has gone down by 3000 bytes non-volatile and 200 bytes volatile

  Scenario: A locked application cannot be selected; unlocked, it is usable again with its personal data intact
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    And a personalized e-purse D07002CA4490010101 with balance 00002710 is on the secure element
    When the platform locks application D07002CA4490010101
    Then the secure element answers 9000
    And GET STATUS lists application D07002CA4490010101 as LOCKED (87), associated with the issuer security domain
    And application D07002CA4490010101 cannot be selected
    When the platform locks application D07002CA4490010101
    Then the secure element refuses with 6A80 (a transition to the current state)
    When the platform personalizes application D07002CA4490010101 with purse key 0123456789ABCDEFFEDCBA9876543210 and balance 00000001
    Then the secure element refuses with 6985 (a locked application takes no personalization)
    When the platform unlocks application D07002CA4490010101
    Then the secure element answers 9000
    And GET STATUS lists application D07002CA4490010101 as SELECTABLE, associated with the issuer security domain
    And application D07002CA4490010101 answers GET BALANCE with 00002710

  Scenario: Deleting one instance keeps the load file and the other instances
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    And the load file of "pysim-hellostk.cap" has been downloaded
    And application D07002CA4490010101 has been installed from module D07002CA44900101
    And application D07002CA4490010102 has been installed from module D07002CA44900101
    And the platform reads the free space of the secure element
    When the platform deletes application D07002CA4490010101
    Then the secure element answers 9000
    And GET STATUS no longer lists application D07002CA4490010101
    And GET STATUS lists application D07002CA4490010102 as SELECTABLE, associated with the issuer security domain
    And GET STATUS lists load file D07002CA44 as LOADED with module D07002CA44900101, associated with the issuer security domain
    And the secure element counts 1 fewer installed application
    And the free space has gone up by 512 bytes non-volatile and 64 bytes volatile

  Scenario: A load file with instances is deleted only together with its related objects
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    And the load file of "pysim-hellostk.cap" has been downloaded
    And application D07002CA4490010101 has been installed from module D07002CA44900101
    And application D07002CA4490010102 has been installed from module D07002CA44900101
    When the platform deletes load file D07002CA44
    Then the secure element refuses with 6985 (instances still use it)
    When the platform deletes load file D07002CA44 with its related objects
    Then the secure element answers 9000
    And GET STATUS no longer lists load file D07002CA44
    And GET STATUS no longer lists application D07002CA4490010101
    And GET STATUS no longer lists application D07002CA4490010102
    And the free space is back to what it was at the start

  Scenario: Preset (ROM) content is never deleted
    Given the platform has opened a secure channel with the issuer security domain at security level 01
    When the platform deletes application A0000003964D66344D0002
    Then the secure element refuses with 6985 (the Mifare Card Manager is in ROM)
    When the platform deletes load file A0000003964D6634 with its related objects
    Then the secure element refuses with 6985
    And GET STATUS lists application A0000003964D66344D0002 as SELECTABLE, associated with the issuer security domain
