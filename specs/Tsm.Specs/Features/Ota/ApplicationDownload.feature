@ota @download
Feature: Application download over the air
  Requirements 5.8.4.1 (application download) and 5.8.7.2 (application state management): the platform opens a secure channel with the issuer security
  domain, reads the free space, loads every load file block, installs and makes the instance selectable; the
  application becomes Useable. A failing status word from the SE ends the task at once with that SW (5.8.4.1.2).
  A download cut off by a power loss leaves a residue (a load file without its modules) which the next download
  deletes before loading again. The gateway runs in-process; the SE is simulated with a fault plan.

  Background:
    Given the user of number 13600000001 with a new SE of the demo batch
    And the phone has registered

  Scenario: The demo application is downloaded, Useable and selectable, in three round trips at most
    When the wallet downloads the demo application
    Then the session completes and the download task succeeds
    And the session took at most 3 remoteManagement round trips
    And the SE lists load file A0000003330101 with module A000000333010101
    And the SE lists application A000000333010101 as SELECTABLE
    And the SE selects application A000000333010101
    When the wallet logs in with the token read from the SE
    Then the lock list contains the demo application
    And the delete list contains the demo application
    And the download list does not contain the demo application

  Scenario: A card error status word ends the download with that SW
    Given the SE will answer 6581 to every LOAD command
    When the wallet downloads the demo application
    Then the session completes and the download task fails with status word 6581
    And the SE has no application A000000333010101
    When the wallet logs in with the token read from the SE
    Then the download list contains the demo application

  Scenario: An interrupted download leaves a residue that the next download deletes before loading again
    Given the SE will lose power during LOAD block 3 and the phone cannot power it on again
    When the wallet downloads the demo application
    Then the session completes and the download task fails
    And the SE keeps the residue of an unfinished load of A0000003330101
    And the SE has no application A000000333010101
    When the SE is powered on again
    And the wallet downloads the demo application
    Then the session completes and the download task succeeds
    And the gateway deleted load file A0000003330101 and then loaded it again
    And the SE has exactly one load file A0000003330101 and no unfinished load
    And the SE lists application A000000333010101 as SELECTABLE
