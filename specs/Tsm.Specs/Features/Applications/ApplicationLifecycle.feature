@catalogue-gateway
Feature: Application catalogue lifecycle
  Requirement 5.4.4: a provider's staff upload an application with its real CAP file; an operator reviews it, a tester
  records a test on a registered test number, an operator publishes it to an SE batch and later archives it. Each step
  takes its own permission, and a step out of order is refused with nothing changed.

  Scenario: A real CAP walks from upload to archived
    When provider acme uploads version 1.0 of the empty applet from "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap"
    Then the upload is accepted in state "initial" with the load file's SHA-1 from the CAP
    When the business administrator approves it
    Then the application is "reviewed"
    When the tester records a passed test on test number 13900000001 for batch "demo"
    Then the application is "tested"
    When the business administrator publishes it to batch "demo"
    Then the application is "published"
    And the engine's catalogue lists it published for batch "demo"
    When the business administrator archives it
    Then the application is "archiving"
    When the business administrator finishes archiving it
    Then the application is "archived"
    And its history reads upload, approve, passtest, publish, archive, finisharchiving

  Scenario: A step out of order, or on a number that is not a test number, is refused
    When provider acme uploads version 2.0 of the empty applet from "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap"
    And the business administrator publishes it to batch "demo"
    Then the answer is 409 "Transition not allowed"
    And the application is "initial"
    When the business administrator approves it
    And the tester records a passed test on test number 13800138000 for batch "demo"
    Then the answer is 422 "Not a test number"
    And the application is "reviewed"

  # The download of a published application by a phone's wallet is in ManagementStory.feature.
