"""The chart's numbers against the data: one point per value, placed by date and value, the same
numbers in the table, a title and a description for screen readers."""
import re
from datetime import date

from roadmap.followup.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, chart_points, chart_svg
from tests.followup.factories import make_indicator

SERIES = [(date(2026, 1, 5), 10.0), (date(2026, 2, 5), 40.0), (date(2026, 4, 5), 25.5)]


def test_points_follow_the_data(world):
    indicator = make_indicator(world["public"], values=SERIES, baseline=0.0, target=100.0)
    points, (low, high, y_of) = chart_points(indicator, indicator.values)
    assert [p.value for p in points] == [v for _d, v in SERIES]
    assert points[0].x == LEFT and points[-1].x == WIDTH - RIGHT
    span = (SERIES[-1][0] - SERIES[0][0]).days
    assert abs(points[1].x - (LEFT + (WIDTH - LEFT - RIGHT) * 31 / span)) < 0.01
    # Higher values are higher on the page (smaller y), within the plot area.
    assert points[1].y < points[2].y < points[0].y
    assert all(TOP <= p.y <= HEIGHT - BOTTOM for p in points)
    assert low <= 0.0 and high >= 100.0  # baseline and target in view


def test_svg_is_accessible_and_holds_every_value(world, app):
    indicator = make_indicator(world["public"], values=SERIES)
    with app.test_request_context():
        svg = str(chart_svg(indicator, indicator.values, "c1"))
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<title id=\"c1-title\">" in svg and "<desc id=\"c1-desc\">" in svg
    assert re.findall(r'data-value="([^"]+)"', svg) == ["10", "40", "25.5"]
    assert re.findall(r'data-day="([^"]+)"', svg) == ["2026-01-05", "2026-02-05", "2026-04-05"]
    assert "<script" not in svg


def test_no_value_no_chart(world, app):
    indicator = make_indicator(world["public"])
    with app.test_request_context():
        assert chart_svg(indicator, [], "c") == ""


def test_one_value_or_equal_values_do_not_divide_by_zero(world, app):
    indicator = make_indicator(world["public"], values=[(date(2026, 1, 5), 5.0), (date(2026, 1, 5), 5.0)],
                               baseline=None, target=None)
    points, _scale = chart_points(indicator, indicator.values)
    assert len(points) == 2 and points[0].y == points[1].y


def test_the_table_beside_the_chart_has_the_same_numbers(client, world):
    make_indicator(world["public"], values=SERIES)
    page = client.get(f"/suivi/experiences/{world['public'].id}").get_data(as_text=True)
    table = page.split('class="table indicator-values"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="number">([^<]+)</td>', table)
    assert [c.replace("\u202f", "").replace(",", ".") for c in cells] == ["10", "40", "25.5"]
