@runner
Feature: Runner lifecycle
  Scenarios of one feature run together: Reqnroll sees each feature start and end exactly once.
  This file sorts after HexCalculator.feature, which the runner therefore has finished already.

  Scenario: First scenario sees its feature running
    Then this feature has been started once and not yet ended
    And the feature "Hex calculator", if it ran, was started once and ended once

  Scenario: Second scenario sees the same feature run
    Then this feature has been started once and not yet ended
