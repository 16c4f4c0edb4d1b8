@ota @concurrency
Feature: Concurrent tasks for one SE
  Requirement 5.8.8 (concurrency control): one SE has one live link to the platform at a time. A second request for the same SE is
  queued behind the running one and runs when it ends; a waiting request can be aborted. The queue of an SE lists
  the running task first. The gateway runs in-process; the SE is simulated.

  Background:
    Given the user of number 13400000001 with a new SE of the demo batch
    And the phone has registered

  Scenario: Two tasks for one SE: one runs, the other waits, both end
    When the wallet asks to download the demo application
    And the business hall asks to synchronise the SE
    Then the queue of the SE lists the download task first and then the sync task
    When the phone starts the session of the sync task
    Then the session of the sync task is still waiting after 300 ms
    When the phone runs the session of the download task
    Then the session completes and the download task succeeds
    And the session of the sync task completes
    And the sync task succeeds
    And the SE lists application A000000333010101 as SELECTABLE

  Scenario: A waiting task can be aborted
    When the wallet asks to download the demo application
    And the business hall asks to synchronise the SE
    And the sync task is aborted
    Then the gateway answers the abort with HTTP 204
    And the sync task is aborted with a reason
    When the phone runs the session of the download task
    Then the session completes and the download task succeeds
    And the queue of the SE no longer lists the sync task as waiting

  Scenario: The queue lists the running task first
    Given every APDU takes the SE 20 ms
    When the wallet asks to download the demo application
    And the business hall asks to synchronise the SE
    And the phone starts the session of the download task
    Then the queue of the SE soon shows the download task running, first, and the sync task queued after it
    When the download session has completed
    And the phone runs the session of the sync task
    Then the session completes and the sync task succeeds
    And the download task succeeds
