@ota @lock-unlock-delete
Feature: Application lock, unlock and delete over the air
  Requirements 5.8.4.2 (application deletion), 5.8.4.3 (application lock and unlock) and 5.8.7.2 (application state management): locking makes a Useable application
  unusable without deleting its data, unlocking is done at the business hall only, deleting removes the load file
  with its instance and makes the application downloadable again. The gateway runs in-process; the SE is simulated.

  Background:
    Given the user of number 13500000001 with a new SE of the demo batch
    And the phone has registered
    And the demo application has been downloaded

  Scenario: A locked application cannot be selected and moves to the unlock list
    When the wallet locks the demo application
    Then the session completes and the lock task succeeds
    And the SE lists application A000000333010101 as LOCKED
    And the SE refuses to select application A000000333010101
    When the wallet logs in with the token read from the SE
    Then the unlock list contains the demo application
    And the lock list does not contain the demo application

  Scenario: Unlock is refused from the wallet and done at the business hall
    Given the demo application has been locked
    When the wallet asks to unlock the demo application
    Then the gateway refuses with HTTP 403
    And the SE lists application A000000333010101 as LOCKED
    When the business hall unlocks the demo application
    Then the session completes and the unlock task succeeds
    And the SE lists application A000000333010101 as SELECTABLE
    And the SE selects application A000000333010101
    When the wallet logs in with the token read from the SE
    Then the lock list contains the demo application
    And the unlock list does not contain the demo application

  Scenario: Delete removes the load file and the instance and makes the application downloadable again
    When the wallet deletes the demo application
    Then the session completes and the delete task succeeds
    And the SE has no application A000000333010101
    And the SE has no load file A0000003330101
    When the wallet logs in with the token read from the SE
    Then the download list contains the demo application
    And the delete list does not contain the demo application
