@secure-element @interrupted-download
Feature: Interrupted download on the secure element
  Requirements 5.8.7.1 (space management) and 5.8.8 (concurrency control): a download can be cut off (power lost, the phone switched off);
  before the next download the platform sends GET STATUS, finds the residue of the unfinished load, deletes it and
  downloads again, and the free space it reads with GET DATA FF21 is exact again. On the simulated SE power is cut
  by its fault plan (card.Faults.TearAtApdu): the APDU is lost, and so is the secure channel.

  Background:
    Given a secure element fresh from the factory
    And the platform reads the free space of the secure element
    And the platform has opened a secure channel with the issuer security domain at security level 01

  Scenario: Power lost during LOAD leaves a residue that is deleted before the download is redone
    Given the power will be lost before the card processes LOAD block 2
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the platform gets no answer because the power was lost
    When the power comes back and the platform opens a secure channel with the issuer security domain at security level 01
    Then GET STATUS lists load file D07002CA44 without any module, associated with the issuer security domain
    And the free non-volatile space is less than at the start by the code size announced in INSTALL [for load]
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the secure element refuses with 6985 (the residue must be deleted first)
    When the platform deletes load file D07002CA44
    Then the secure element answers 9000
    And GET STATUS no longer lists load file D07002CA44
    And the free space is back to what it was at the start
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the secure element answers 9000
    And GET STATUS lists load file D07002CA44 as LOADED with module D07002CA44900101, associated with the issuer security domain
    And the free non-volatile space is less than at the start by exactly the size of the load file data block

  Scenario: A torn load cannot be continued in a new secure channel
    Given the power will be lost before the card processes LOAD block 2
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the platform gets no answer because the power was lost
    When the power comes back and the platform opens a secure channel with the issuer security domain at security level 01
    And the platform sends LOAD block 2 of "pysim-hellostk.cap" again
    Then the secure element refuses with 6985
    And GET STATUS lists load file D07002CA44 without any module, associated with the issuer security domain

  Scenario Outline: Power lost <when> the last LOAD block
    Given the power will be lost <when> the last LOAD block of "pysim-hellostk.cap"
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the platform gets no answer because the power was lost
    When the power comes back and the platform opens a secure channel with the issuer security domain at security level 01
    Then GET STATUS lists load file D07002CA44 <listing>, associated with the issuer security domain

    Examples:
      | when                              | listing                                |
      | before the card processes         | without any module                     |
      | after the card has processed      | as LOADED with module D07002CA44900101 |

  Scenario: The residue survives a restart of the secure element from its state file
    Given a secure element fresh from the factory, kept in a state file
    And the platform has opened a secure channel with the issuer security domain at security level 01
    And the power will be lost before the card processes LOAD block 2
    When the platform downloads the load file of "pysim-hellostk.cap"
    Then the platform gets no answer because the power was lost
    When the secure element is restarted from its state file
    And the platform opens a secure channel with the issuer security domain at security level 01
    Then GET STATUS lists load file D07002CA44 without any module, associated with the issuer security domain
    When the platform deletes load file D07002CA44
    Then the secure element answers 9000
    And GET STATUS no longer lists load file D07002CA44

  Scenario: Power lost during INSTALL after the card processed it: the instance is there, whole
    Given the load file of "pysim-hellostk.cap" has been downloaded
    And the power will be lost after the card has processed the next command
    When the platform installs application D07002CA4490010101 from module D07002CA44900101 and makes it selectable
    Then the platform gets no answer because the power was lost
    When the power comes back and the platform opens a secure channel with the issuer security domain at security level 01
    Then GET STATUS lists application D07002CA4490010101 as SELECTABLE, associated with the issuer security domain
