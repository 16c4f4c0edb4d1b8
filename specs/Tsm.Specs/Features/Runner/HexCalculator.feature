@runner
Feature: Hex calculator
  Proves the feature runner: background, outline, rule, data table,
  doc string, tags and @ignore, against a tiny byte calculator.

  Background:
    Given a fresh hex calculator

  @smoke
  Scenario: Add two bytes
    Given I have entered 0x01
    And I have entered 0x02
    When I add them
    Then the result is 0x03

  Scenario Outline: Add bytes from examples
    Given I have entered <a> into the calculator
    And I have entered <b> into the calculator
    When I add them
    Then the result is <sum>

    Examples:
      | a    | b    | sum  |
      | 0x0A | 0x05 | 0x0F |
      | 0x7F | 0x80 | 0xFF |

    @smoke
    Examples: Zero
      | a    | b    | sum  |
      | 0x00 | 0x00 | 0x00 |

  Scenario: Xor a table of bytes
    Given I have entered the bytes
      | byte |
      | 0xF0 |
      | 0x0F |
      | 0x3C |
    When I xor them
    Then the result is 0xC3

  Scenario: Read bytes from a hex dump
    Given I have entered the hex dump
      """
      A0 00 00 01
      51 00
      """
    Then 6 bytes were entered

  # The step is bound and would fail the scenario: an ignored scenario runs no step, and the report lists it as skipped.
  @ignore
  Scenario: Ignored scenarios are reported as skipped
    Given a step that fails if it ever runs

  Rule: A byte cannot hold more than 0xFF

    Background:
      Given I have entered 0xFF

    Scenario: Overflow is reported, not wrapped
      Given I have entered 0x01
      When I try to add them
      Then the calculation fails with an overflow mentioning "0x100"

